import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-drop-all-capabilities',
    title: 'Containers drop all Linux capabilities',
    description: 'Container runtimes grant a default set of capabilities (changing file ownership, raw sockets, and more) that most applications never use. Dropping ALL and adding back only what is needed shrinks what an attacker can do inside the container.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['VUL-06'],
    remediation: {
      text: 'Add `drop: ["ALL"]` to the capabilities of every container.',
      snippet: {
        language: 'yaml',
        code: `securityContext:
  capabilities:
    drop: ["ALL"]`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      let unknownExpr: string | null = null;
      for (const cap of c.securityContext.capabilitiesDrop) {
        if (isUnknown(cap)) unknownExpr ??= cap.$unknown;
        else if (cap.trim().toUpperCase() === 'ALL') return null;
      }
      if (unknownExpr !== null) return unknownOutcome('unknown_value', `the capabilities dropped by ${label(c)} depend on ${unknownExpr}`);
      return fail('default_capabilities_kept', `${label(c)} keeps the runtime's default capabilities (it does not drop ALL)`, c.location);
    });
  },
});
