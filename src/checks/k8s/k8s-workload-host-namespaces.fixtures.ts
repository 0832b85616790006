import { defineFixtures } from '../types.js';
import { empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), workload({ kind: 'DaemonSet' })],
  fail: [
    { attributes: workload({ hostNetwork: true }), reason: 'host_network' },
    { attributes: workload({ hostPID: true }), reason: 'host_pid' },
    { attributes: workload({ hostIPC: true, hostNetwork: { $unknown: 'values.hostNetwork' } }), reason: 'host_ipc' },
  ],
  notApplicable: [{ attributes: { ...empty(), hostNetwork: true, hostPathVolumes: [{ name: 'logs', path: '/var/log' }] }, reason: 'no_containers' }],
  unknown: [{ attributes: workload({ hostNetwork: { $unknown: 'values.hostNetwork' } }), reason: 'unknown_value' }],
});
