import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-privilege-escalation',
    title: 'Containers forbid privilege escalation',
    description: 'Unless `allowPrivilegeEscalation` is set to false, a process in the container can gain more privileges than its parent, through setuid binaries for example. Kubernetes allows it by default, so the setting has to be written down.',
    severity: 'medium',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Set `allowPrivilegeEscalation: false` in the security context of every container.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    securityContext:
      allowPrivilegeEscalation: false`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const v = c.securityContext.allowPrivilegeEscalation;
      if (isUnknown(v)) return unknownOutcome('unknown_value', `whether ${label(c)} may escalate privileges depends on ${v.$unknown}`);
      if (v === null) return fail('escalation_not_disabled', `${label(c)} does not set allowPrivilegeEscalation, and Kubernetes allows escalation by default`, c.location);
      return v ? fail('escalation_allowed', `${label(c)} allows privilege escalation`, c.location) : null;
    });
  },
});
