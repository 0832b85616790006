import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

/** Capabilities a hardened container may add: binding ports below 1024 without root. */
const SAFE = new Set(['NET_BIND_SERVICE']);
/** Capabilities that amount to control of the node or of its network. */
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'SYS_BOOT']);

const normalize = (cap: string): string => cap.trim().toUpperCase().replace(/^CAP_/, '');

export default defineCheck({
  meta: {
    id: 'k8s-workload-added-capabilities',
    title: 'Containers add no Linux capabilities beyond binding low ports',
    description: 'Each added capability hands a slice of root\'s power to the container. Only NET_BIND_SERVICE is accepted; adding ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or similar is reported as dangerous, since each of them is enough to escape the container or take over the node\'s network.',
    severity: 'high',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Drop every capability and add back only NET_BIND_SERVICE if the container listens on a port below 1024.',
      snippet: {
        language: 'yaml',
        code: `securityContext:
  capabilities:
    drop: ["ALL"]
    add: ["NET_BIND_SERVICE"]`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const dangerous: string[] = [];
      const other: string[] = [];
      let unknownExpr: string | null = null;
      for (const cap of c.securityContext.capabilitiesAdd) {
        if (isUnknown(cap)) { unknownExpr ??= cap.$unknown; continue; }
        const n = normalize(cap);
        if (DANGEROUS.has(n)) dangerous.push(n);
        else if (!SAFE.has(n)) other.push(n);
      }
      if (dangerous.length > 0) return fail('dangerous_capability', `${label(c)} adds ${[...dangerous, ...other].join(', ')}`, c.location);
      if (other.length > 0) return fail('capability_added', `${label(c)} adds ${other.join(', ')}`, c.location);
      if (unknownExpr !== null) return unknownOutcome('unknown_value', `the capabilities added to ${label(c)} depend on ${unknownExpr}`);
      return null;
    });
  },
});
