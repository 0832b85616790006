// `attest demo` end to end on the embedded database: input checked before anything is created,
// a small demonstration seeded and readable through the other commands, and a second seeding
// refused without --force.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attest, tempDir } from './harness.js';

describe('attest demo', () => {
  it('refuses an unknown size, naming the option, before creating a workspace', async () => {
    const dir = tempDir();
    const r = await attest(['demo', '--size', 'huge'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/size: "huge" is not a size: use small or large/);
    expect(existsSync(join(dir, '.attest'))).toBe(false);
  });

  it('seeds a small organization that status reads, and will not seed over it', async () => {
    const dir = tempDir();
    const r = await attest(['demo', '--size', 'small', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const seeded = JSON.parse(r.stdout) as { people: number; controls: Record<string, number>; scans: number; days: number; snapshots: number; owner: string };
    expect(seeded.people).toBe(40);
    expect(Object.values(seeded.controls).every((n) => n > 0)).toBe(true);
    expect(seeded.days).toBe(180);
    expect(seeded.snapshots).toBe(180);
    expect(seeded.owner).toMatch(/@example\.com$/);
    expect(r.stderr).toMatch(/demo: scans done/); // progress, on stderr when not a terminal

    const status = await attest(['status', '--json'], { cwd: dir });
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { organization: { name: string }; readiness: { overall: { failing: number; evidenced: number } }; topGaps: unknown[] };
    expect(report.organization.name).toBe('Northwind Example Ltd');
    expect(report.readiness.overall.failing).toBeGreaterThan(0);
    expect(report.readiness.overall.evidenced).toBeGreaterThan(0);
    expect(report.topGaps.length).toBeGreaterThan(0);

    const again = await attest(['demo'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has data .*--force/);
  }, 300_000);
});
