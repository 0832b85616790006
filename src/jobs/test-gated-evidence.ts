// A job for the multi-process tests only, registered when ATTEST_ENABLE_TEST_JOBS=1: it
// announces its attempt with a marker file, waits until a release file appears (so a test can
// kill or pause the worker in the middle of it), then adds one evidence file. Like a long scan
// it does not stop when its lease is lost (only on shutdown): an attempt resumed after another
// finished goes on to commit, and only the fenced commit keeps it from adding the evidence twice.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid } from '../domain/errors.js';
import { defineJob, LeaseLost, WorkerShutdown } from './types.js';

export interface GatedEvidencePayload {
  gateDir: string;
  control: string;
}

export const NAME = 'test-gated-evidence';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const testGatedEvidence = defineJob<GatedEvidencePayload, { evidenceId: string }>({
  name: NAME,
  description: 'Test only: wait for a release file, then add one evidence file',
  retry: { attempts: 4, backoffSeconds: 1, factor: 1, maxSeconds: 1 },
  timeoutSeconds: 120,
  parse(payload) {
    const p = payload as Partial<GatedEvidencePayload> | null;
    if (typeof p?.gateDir !== 'string' || typeof p.control !== 'string') throw invalid([{ field: 'payload', code: 'required', message: 'gateDir and control are required' }]);
    return { gateDir: p.gateDir, control: p.control };
  },
  key: (p) => `${NAME}:${p.gateDir}`,
  async perform(p, jc) {
    await writeFile(join(p.gateDir, `claimed-${process.pid}-${jc.attempt}`), jc.jobId);
    while (!existsSync(join(p.gateDir, 'release'))) {
      if (jc.signal.aborted && jc.signal.reason instanceof WorkerShutdown) throw jc.signal.reason;
      await sleep(50);
    }
    let out: { evidenceId: string };
    try {
      out = await jc.commit(async ({ services }) => {
        const ev = await services.evidence.add(jc.orgId, { filename: 'gated-job.txt', controls: [p.control], description: `written by job ${jc.jobId}`, source: 'job' },
          new TextEncoder().encode(`evidence written by job ${jc.jobId}\n`), `job:${jc.jobId}`);
        return { evidenceId: ev.id };
      });
    } catch (e) {
      if (e instanceof LeaseLost) await writeFile(join(p.gateDir, `refused-${process.pid}-${jc.attempt}`), '');
      throw e;
    }
    await writeFile(join(p.gateDir, `committed-${process.pid}-${jc.attempt}`), out.evidenceId);
    return out;
  },
});
