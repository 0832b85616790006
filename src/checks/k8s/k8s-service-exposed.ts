import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'k8s-service-exposed',
    title: 'Services exposed outside the cluster are known',
    description: 'A LoadBalancer Service usually gets an address reachable from the internet, and a NodePort Service opens a port on every node. Neither is wrong in itself, but each is an entry point that should be deliberate, so they are reported for review (low severity; suppress with the reason once reviewed).',
    severity: 'low',
    resourceType: 'k8s.service',
    controls: ['NET-01', 'NET-02'],
    remediation: {
      text: 'Prefer a ClusterIP Service behind the shared Ingress; if a load balancer is needed, make it internal or restrict its source ranges.',
      snippet: {
        language: 'yaml',
        code: `spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["203.0.113.0/24"]`,
      },
    },
  },
  evaluate({ attributes: { serviceType } }) {
    if (isUnknown(serviceType)) return unknownOutcome('unknown_value', `the service type depends on ${serviceType.$unknown}`);
    if (serviceType === 'LoadBalancer') return fail('load_balancer', 'the service is exposed through a cloud load balancer');
    if (serviceType === 'NodePort') return fail('node_port', 'the service opens a port on every node');
    return pass();
  },
});
