import { defineFixtures } from '../types.js';
import { empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload()],
  fail: [
    { attributes: workload({ hostPathVolumes: [{ name: 'logs', path: '/var/log/app' }] }), reason: 'host_path_volume' },
    { attributes: workload({ hostPathVolumes: [{ name: 'docker', path: '/var/run/docker.sock' }] }), reason: 'sensitive_host_path' },
    { attributes: workload({ hostPathVolumes: [{ name: 'root', path: '/' }] }), reason: 'sensitive_host_path' },
    { attributes: workload({ hostPathVolumes: [{ name: 'etc', path: '/etc/' }] }), reason: 'sensitive_host_path' },
    { attributes: workload({ hostPathVolumes: [{ name: 'data', path: { $unknown: 'values.dataDir' } }] }), reason: 'host_path_volume' },
  ],
  notApplicable: [{ attributes: { ...empty(), hostNetwork: true, hostPathVolumes: [{ name: 'logs', path: '/var/log' }] }, reason: 'no_containers' }],
  unknown: [],
});
