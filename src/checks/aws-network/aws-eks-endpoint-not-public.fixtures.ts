import { defineFixtures } from '../types.js';
import { eksCluster } from './shared/fixtures.js';

export default defineFixtures('aws.eks.cluster', {
  pass: [
    eksCluster(),
    eksCluster({ endpointPublicAccess: false, publicAccessCidrs: ['0.0.0.0/0'] }),
    eksCluster({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] }),
  ],
  fail: [
    { attributes: eksCluster({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }), reason: 'public_endpoint_unrestricted' },
    { attributes: eksCluster({ endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: [] }), reason: 'public_endpoint_unrestricted' },
    { attributes: eksCluster({ endpointPublicAccess: true, publicAccessCidrs: [{ $unknown: 'var.extra' }, '::/0'] }), reason: 'public_endpoint_unrestricted' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: eksCluster({ endpointPublicAccess: { $unknown: 'var.public_endpoint' } }), reason: 'unknown_value' },
    { attributes: eksCluster({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', { $unknown: 'var.ci_cidr' }] }), reason: 'unknown_value' },
  ],
});
