import type { K8sService } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';

const service = (serviceType: K8sService['serviceType']): K8sService => ({ namespace: 'shop', serviceType, ports: [{ port: 443, targetPort: 8443, protocol: 'TCP' }] });

export default defineFixtures('k8s.service', {
  pass: [service('ClusterIP'), service('ExternalName')],
  fail: [
    { attributes: service('LoadBalancer'), reason: 'load_balancer' },
    { attributes: service('NodePort'), reason: 'node_port' },
  ],
  notApplicable: [],
  unknown: [{ attributes: service({ $unknown: 'values.service.type' }), reason: 'unknown_value' }],
});
