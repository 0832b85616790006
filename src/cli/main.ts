// The `attest` command. One file per verb under commands/.
import { Command } from 'commander';
import { loadConfig, type Config } from './config.js';
import { processIo, reportError, type Io } from './output.js';
import { registerInit } from './commands/init.js';
import { registerServe } from './commands/serve.js';
import { registerCriteria } from './commands/criteria.js';
import { registerControls } from './commands/controls.js';
import { registerStatus } from './commands/status.js';
import { registerEvidence } from './commands/evidence.js';
import { registerVerify } from './commands/verify.js';
import { registerBackup } from './commands/backup.js';
import { registerRestore } from './commands/restore.js';
import { registerChecks } from './commands/checks.js';
import { registerScan } from './commands/scan.js';
import { registerTokens } from './commands/tokens.js';
import { registerUsers } from './commands/users.js';
import { registerAudit } from './commands/audit.js';
import { registerTasks } from './commands/tasks.js';
import { registerWorker } from './commands/worker.js';
import { registerJobs } from './commands/jobs.js';
import { registerSchedule } from './commands/schedule.js';
import { registerDemo } from './commands/demo.js';
import { registerAlerts } from './commands/alerts.js';
import { loadCollectors } from './collectors.js';

export const VERSION = '0.1.0';

export interface CommandContext {
  io: Io;
  /** Parsed on first use, so `--help` works even with a broken environment. */
  config: () => Config;
  setExit: (code: number) => void;
}

export async function main(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode = 0;
  let config: Config | undefined;
  const ctx: CommandContext = { io, config: () => (config ??= loadConfig(env)), setExit: (c) => { exitCode = c; } };
  const program = new Command('attest')
    .description('Attest: SOC 2 compliance automation you run yourself. Checks as code, evidence you can verify.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .addHelpText('after', `
Environment:
  ATTEST_DATA_DIR       workspace folder (default ./.attest): embedded database, evidence files, lock
  DATABASE_URL          use a PostgreSQL server instead of the embedded database
  PORT, ATTEST_HOST     where \`attest serve\` listens (default 127.0.0.1:3000)
  ATTEST_MAX_UPLOAD_MB  largest evidence file accepted (default 50)
  ATTEST_SECRET_KEY     the server's key (default: written to <data dir>/secret.key on first run)
  ATTEST_PUBLIC_URL     where people reach the server (links); ATTEST_TRUST_PROXY: proxies to believe
  ATTEST_SCAN_ROOT      folder scheduled scans may read (default: the working folder; see \`attest worker --help\`)
  ATTEST_JOB_RETENTION_DAYS  days finished jobs and their runs are kept (default 30)
  ATTEST_ALERT_RETENTION_DAYS  days alert events and their deliveries are kept (default 90)
  ATTEST_SMTP_URL, ATTEST_SMTP_FROM  email for alerts and password resets; ATTEST_WEBHOOK_ALLOW_PRIVATE=true lets webhooks reach private addresses

Start here:
  attest init --org "Acme" --categories security,availability
  attest status
  attest serve`);
  for (const register of [registerInit, registerServe, registerCriteria, registerControls, registerStatus, registerEvidence, registerVerify, registerBackup, registerRestore, registerChecks, registerWorker, registerJobs, registerSchedule]) register(program, ctx);
  registerScan(program, ctx, { collectors: loadCollectors });
  registerTokens(program, ctx);
  registerUsers(program, ctx);
  registerAudit(program, ctx);
  registerTasks(program, ctx);
  registerDemo(program, ctx);
  registerAlerts(program, ctx);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) }));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    return reportError(io, e);
  }
  return exitCode;
}
