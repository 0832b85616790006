import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { instructions } from './lib/dockerfile.js';

const DOWNLOAD = /(^|[\s/])(curl|wget)(\s|$)/;
/** A pipeline stage that executes its input: a shell or a script interpreter, maybe through sudo or env. */
const INTERPRETER = /^(sudo(\s+-\S+)*\s+)?(env(\s+\S+=\S*)*\s+)?(\S*\/)?((ba|z|da|k|a|fi)?sh|python[0-9.]*|perl|ruby|node)(\s|$)/;
/** `sh -c "$(curl …)"`, `bash <(wget …)`, `. <(curl …)`. */
const SUBSTITUTION = /((ba|z|da|k|a)?sh|source|\.)\s+(-\S+\s+)*["']?(\$\(|<\()\s*(curl|wget)\s/;

function pipesDownloadToShell(command: string): boolean {
  if (SUBSTITUTION.test(command)) return true;
  for (const segment of command.split(/&&|\|\||;|\n/)) {
    const stages = segment.split('|');
    const download = stages.findIndex((s) => DOWNLOAD.test(s));
    if (download >= 0 && stages.slice(download + 1).some((s) => INTERPRETER.test(s.trim()))) return true;
  }
  return false;
}

export default defineCheck({
  meta: {
    id: 'docker-pipe-to-shell',
    title: 'RUN does not pipe downloads into a shell',
    description: '`curl … | sh` runs whatever the server (or anyone between it and the builder) sends, unverified, with the privileges of the build. Download to a file, verify its checksum or signature, then run it.',
    severity: 'medium',
    resourceType: 'container.dockerfile',
    controls: ['CHG-08', 'VUL-07'],
    remediation: {
      text: 'Download the script or binary to a file, check it against a published checksum, and only then execute it.',
      snippet: {
        language: 'dockerfile',
        code: `RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.2.sh \\
 && echo "3f5a…  /tmp/install.sh" | sha256sum -c - \\
 && sh /tmp/install.sh`,
      },
    },
  },
  evaluate({ attributes: d }) {
    if (d.stages.length === 0) return notApplicable('no_stages');
    let out: Outcome[] | null = null;
    for (const ins of instructions(d, 'RUN')) {
      if (pipesDownloadToShell(ins.value)) (out ??= []).push(fail('pipe_to_shell', 'RUN executes a downloaded script without verifying it', ins.location));
    }
    return out ?? pass();
  },
});
