// npm run bench -- NAME [--quick] [...]: runs bench/NAME.ts with tsx and passes the rest on.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [name, ...rest] = process.argv.slice(2);
const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [--quick]\nbenches: ${available.join(', ')}`);
  process.exit(2);
}
const script = new URL(`${name}.ts`, import.meta.url);
if (!existsSync(script)) process.exit(2);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(script), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
