import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { notApplicable, requireTrue, unknownOutcome } from '../util.js';
import { listenerKind } from './shared/load-balancer.js';

export default defineCheck({
  meta: {
    id: 'aws-elb-access-logs',
    title: 'Load balancers write access logs',
    description: 'Application, network and classic load balancers should write access logs to S3: who called what, when, from where and with which answer, the record needed to investigate abuse of a public endpoint. Gateway load balancers have no access logs, and a network load balancer logs only its TLS listeners, so one without any is not applicable.',
    severity: 'medium',
    resourceType: 'aws.elb.load-balancer',
    controls: ['LOG-02'],
    remediation: {
      text: 'Turn on access logs and deliver them to the central log bucket (its policy must let the regional Elastic Load Balancing service write to it).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "web"
    enabled = true
  }
}`,
      },
    },
  },
  evaluate({ attributes: { lbType, listeners, accessLogs } }) {
    if (isUnknown(lbType)) return unknownOutcome('unknown_value', `the load balancer type depends on ${lbType.$unknown}`);
    if (lbType === 'gateway') return notApplicable('gateway_load_balancer');
    if (lbType === 'network') {
      let tls = false;
      let undecided = false;
      for (const l of listeners) {
        const kind = listenerKind(l.protocol);
        if (kind === 'tls') tls = true;
        else if (kind === 'unknown') undecided = true;
      }
      if (!tls && !undecided) return notApplicable('no_tls_listeners');
    }
    return requireTrue(accessLogs, 'access_logs_disabled', 'the load balancer writes no access logs');
  },
});
