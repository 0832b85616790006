import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-eks-endpoint-not-public',
    title: 'EKS API endpoints are private or limited to known networks',
    description: 'The Kubernetes API of a cluster should be reachable only from inside the VPC (private endpoint) or, if the public endpoint is on, only from named CIDR ranges such as the VPN or CI egress. A public endpoint open to 0.0.0.0/0 or ::/0 (the AWS default when no range is given) leaves the cluster exposed to anyone with a leaked token or an unpatched API server flaw.',
    severity: 'high',
    resourceType: 'aws.eks.cluster',
    controls: ['NET-03'],
    remediation: {
      text: 'Turn on the private endpoint and either turn off the public one or restrict it to the address ranges that administer the cluster.',
      snippet: {
        language: 'terraform',
        code: `vpc_config {
  subnet_ids              = var.private_subnet_ids
  endpoint_private_access = true
  endpoint_public_access  = true
  public_access_cidrs     = ["203.0.113.0/24"] # VPN egress
}`,
      },
    },
  },
  evaluate({ attributes: { endpointPublicAccess, publicAccessCidrs } }) {
    if (isUnknown(endpointPublicAccess)) return unknownOutcome('unknown_value', `whether the public endpoint is on depends on ${endpointPublicAccess.$unknown}`);
    if (!endpointPublicAccess) return pass();
    if (publicAccessCidrs.length === 0) return fail('public_endpoint_unrestricted', 'the public API endpoint is on and, with no CIDR ranges given, open to the whole internet');
    let unknownCidr: string | null = null;
    for (const c of publicAccessCidrs) {
      if (isUnknown(c)) unknownCidr ??= c.$unknown;
      else if (c.trim().endsWith('/0')) return fail('public_endpoint_unrestricted', `the public API endpoint admits ${c.trim()}`);
    }
    if (unknownCidr !== null) return unknownOutcome('unknown_value', `the ranges allowed to the public endpoint depend on ${unknownCidr}`);
    return pass();
  },
});
