import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { notApplicable, requireTrue, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-elb-drop-invalid-headers',
    title: 'Application load balancers drop invalid HTTP header fields',
    description: 'An application load balancer should remove header fields whose names are not valid HTTP before forwarding a request. Passing them on lets an attacker exploit differences between how the load balancer and the application parse a request (request smuggling, header confusion). Other load balancer types do not parse HTTP and are not applicable.',
    severity: 'medium',
    resourceType: 'aws.elb.load-balancer',
    controls: ['VUL-06'],
    remediation: {
      text: 'Set drop_invalid_header_fields (routing.http.drop_invalid_header_fields.enabled) on the application load balancer.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_lb" "web" {
  name                       = "web"
  load_balancer_type         = "application"
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
}`,
      },
    },
  },
  evaluate({ attributes: { lbType, dropInvalidHeaders } }) {
    if (isUnknown(lbType)) return unknownOutcome('unknown_value', `the load balancer type depends on ${lbType.$unknown}`);
    if (lbType !== 'application') return notApplicable('not_application_lb');
    return requireTrue(dropInvalidHeaders, 'invalid_headers_forwarded', 'the load balancer forwards header fields with invalid names');
  },
});
