import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudfront-https-only',
    title: 'CloudFront distributions never serve viewers over plain HTTP',
    description: 'The default cache behaviour and every ordered one should use the viewer protocol policy redirect-to-https or https-only. A behaviour left on allow-all serves pages, cookies and API answers in clear text to anyone on the path, and lets an attacker strip TLS from a visitor who typed http://.',
    severity: 'high',
    resourceType: 'aws.cloudfront.distribution',
    controls: ['CRY-02'],
    remediation: {
      text: 'Set viewer_protocol_policy to redirect-to-https (or https-only for APIs) on the default and every ordered cache behaviour.',
      snippet: {
        language: 'terraform',
        code: `default_cache_behavior {
  target_origin_id       = "web"
  viewer_protocol_policy = "redirect-to-https"
  allowed_methods        = ["GET", "HEAD"]
  cached_methods         = ["GET", "HEAD"]
  cache_policy_id        = data.aws_cloudfront_cache_policy.optimized.id
}`,
      },
    },
  },
  evaluate({ attributes: { viewerProtocolPolicies } }) {
    if (viewerProtocolPolicies.length === 0) return notApplicable('no_cache_behaviours');
    let allowAll = 0;
    let undecided: string | null = null;
    for (const p of viewerProtocolPolicies) {
      if (isUnknown(p)) { undecided ??= `depends on ${p.$unknown}`; continue; }
      const v = p.trim().toLowerCase();
      if (v === 'allow-all') allowAll++;
      else if (v !== 'redirect-to-https' && v !== 'https-only') undecided ??= `is ${p}, a policy this check does not know`;
    }
    if (allowAll > 0) return fail('http_allowed', `${allowAll} of ${viewerProtocolPolicies.length} cache behaviours allow viewers on plain HTTP (allow-all)`);
    if (undecided !== null) return unknownOutcome('unknown_value', `a viewer protocol policy ${undecided}`);
    return pass();
  },
});
