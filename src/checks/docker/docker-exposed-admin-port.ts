import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { finalStage, stageChain } from './lib/dockerfile.js';

/** Remote administration: SSH, telnet, RDP, VNC, WinRM. */
const ADMIN_PORTS = new Map([[22, 'SSH'], [23, 'telnet'], [3389, 'RDP'], [5900, 'VNC'], [5985, 'WinRM'], [5986, 'WinRM']]);

export default defineCheck({
  meta: {
    id: 'docker-exposed-admin-port',
    title: 'Images expose no remote administration port',
    description: 'An image that exposes SSH, RDP, VNC or WinRM is built to be logged into, which bypasses the deployment pipeline and leaves a long-lived credential to steal. Containers are replaced, not administered; use the orchestrator\'s exec for debugging.',
    severity: 'medium',
    resourceType: 'container.dockerfile',
    controls: ['NET-03', 'VUL-06'],
    remediation: {
      text: 'Remove the SSH (or other remote administration) server and its EXPOSE; debug with `kubectl exec` or `docker exec`.',
      snippet: { language: 'dockerfile', code: 'EXPOSE 8080' },
    },
  },
  evaluate({ attributes: d }) {
    const final = finalStage(d);
    if (!final) return notApplicable('no_stages');
    let out: Outcome[] | null = null;
    for (const stage of stageChain(d, final)) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'EXPOSE') continue;
        for (const word of ins.value.trim().split(/\s+/)) {
          if (word.includes('$')) { (out ??= []).push(unknownOutcome('unknown_value', `EXPOSE ${word} is set by a build variable`)); continue; }
          const [lo = NaN, hi = lo] = word.split('/')[0]!.split('-').map(Number);
          for (const [port, what] of ADMIN_PORTS) {
            if (port >= lo && port <= hi) (out ??= []).push(fail(port === 22 ? 'ssh_port' : 'admin_port', `the image exposes port ${port} (${what})`, ins.location));
          }
        }
      }
    }
    return out ?? pass();
  },
});
