import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { instructions, splitArgs } from './lib/dockerfile.js';

const HTTP = /^(https?|ftp):\/\//i;
const GIT = /^(git@|git:\/\/|ssh:\/\/)|\.git(#|$)/i;
const COMMIT = /#[0-9a-f]{40}$/i;

export default defineCheck({
  meta: {
    id: 'docker-add-remote-url',
    title: 'ADD does not fetch unverified remote files',
    description: 'ADD with a URL downloads whatever the server returns at build time, with no integrity check, straight into the image. HTTP sources pass when they carry `--checksum=sha256:…`, and git sources when they are pinned to a full commit id; otherwise download with a checksum verification in RUN, or COPY a vendored file.',
    severity: 'medium',
    resourceType: 'container.dockerfile',
    controls: ['CHG-08', 'VUL-02'],
    remediation: {
      text: 'Verify what you download: `ADD --checksum=sha256:…`, or curl followed by `sha256sum -c`.',
      snippet: {
        language: 'dockerfile',
        code: `ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
    https://github.com/acme/tool/releases/download/v1.2.0/tool.tar.gz /tmp/tool.tar.gz`,
      },
    },
  },
  evaluate({ attributes: d }) {
    if (d.stages.length === 0) return notApplicable('no_stages');
    let out: Outcome[] | null = null;
    for (const ins of instructions(d, 'ADD')) {
      const args = splitArgs(ins.value);
      const checksum = args.some((a) => a.startsWith('--checksum='));
      const sources = args.filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        if (GIT.test(source)) {
          if (COMMIT.test(source)) continue;
          (out ??= []).push(fail('remote_git_add', `ADD clones ${source} without pinning a commit`, ins.location));
        } else if (HTTP.test(source) && !checksum) (out ??= []).push(fail('remote_add', `ADD downloads ${source} without a checksum`, ins.location));
        else continue;
        break; // one finding per instruction
      }
    }
    return out ?? pass();
  },
});
