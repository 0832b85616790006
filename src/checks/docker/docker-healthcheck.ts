import { defineCheck } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { effectiveInstruction, finalStage, fromLocation } from './lib/dockerfile.js';

export default defineCheck({
  meta: {
    id: 'docker-healthcheck',
    title: 'Images declare a health check',
    description: 'A HEALTHCHECK lets Docker and platforms that honour it tell a container that is up from one that is merely running, and restart or stop routing to it. Orchestrators with their own probes (Kubernetes) ignore it, so this is low severity.',
    severity: 'low',
    resourceType: 'container.dockerfile',
    controls: ['LOG-07'],
    remediation: {
      text: 'Add a HEALTHCHECK to the final stage that exercises the service cheaply.',
      snippet: { language: 'dockerfile', code: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]' },
    },
  },
  evaluate({ attributes: d }) {
    const final = finalStage(d);
    if (!final) return notApplicable('no_stages');
    const hc = effectiveInstruction(d, 'HEALTHCHECK');
    if (hc && /^NONE\b/i.test(hc.value.trim())) return fail('healthcheck_disabled', 'the final stage disables the health check (HEALTHCHECK NONE)', hc.location);
    if (hc || d.finalHealthcheck) return pass();
    return fail('no_healthcheck', 'the final stage declares no HEALTHCHECK', fromLocation(final));
  },
});
