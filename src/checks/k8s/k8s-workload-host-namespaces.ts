import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

const NAMESPACES = [
  ['hostNetwork', 'host_network', "the node's network stack (every interface, port and local service of the node)"],
  ['hostPID', 'host_pid', "the node's process table (it can see and signal every process of the node)"],
  ['hostIPC', 'host_ipc', "the node's inter-process communication (shared memory of other pods and of the node)"],
] as const;

export default defineCheck({
  meta: {
    id: 'k8s-workload-host-namespaces',
    title: 'Pods do not share the node\'s namespaces',
    description: 'Pods that use the network, process or IPC namespace of the node step outside the isolation of containers: they can watch traffic, reach services bound to localhost, or inspect other processes. Only node agents have a reason to, and they deserve an explicit exception.',
    severity: 'high',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false); expose ports through a Service instead.',
      snippet: {
        language: 'yaml',
        code: `spec:
  hostNetwork: false
  hostPID: false
  hostIPC: false`,
      },
    },
  },
  evaluate({ attributes }) {
    if (attributes.containers.length === 0) return notApplicable('no_containers');
    let out: Outcome[] | null = null;
    for (const [field, reason, what] of NAMESPACES) {
      const v = attributes[field];
      if (isUnknown(v)) (out ??= []).push(unknownOutcome('unknown_value', `${field} depends on ${v.$unknown}`));
      else if (v === true) (out ??= []).push(fail(reason, `the pod shares ${what}`));
    }
    return out ?? pass();
  },
});
