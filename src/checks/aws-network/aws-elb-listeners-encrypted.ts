import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { describeListener, listenerKind } from './shared/load-balancer.js';

export default defineCheck({
  meta: {
    id: 'aws-elb-listeners-encrypted',
    title: 'Load balancer listeners encrypt traffic or redirect it to HTTPS',
    description: 'Each listener should terminate TLS (HTTPS, or TLS on a network load balancer, or SSL on a classic one), or, for plain HTTP on an application load balancer, answer only with a redirect to HTTPS; every other HTTP listener fails, once per listener. TCP, UDP and QUIC listeners forward bytes the load balancer never reads, so whether they carry TLS is decided by the targets: this check abstains on them (not applicable, passthrough_listeners when they are all the load balancer has), as it does on gateway load balancers. Internal load balancers are judged too: traffic crossing the VPC should be encrypted as well.',
    severity: 'high',
    resourceType: 'aws.elb.load-balancer',
    controls: ['CRY-02'],
    remediation: {
      text: 'Serve the application on an HTTPS listener with an ACM certificate and make the HTTP listener redirect to it.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}`,
      },
    },
  },
  evaluate({ attributes: { lbType, listeners } }) {
    if (lbType === 'gateway') return notApplicable('gateway_load_balancer');
    if (listeners.length === 0) return notApplicable('no_listeners');
    let out: Outcome[] | null = null;
    let judged = false;
    for (const l of listeners) {
      const kind = listenerKind(l.protocol);
      if (kind === 'tls') { judged = true; continue; }
      if (kind === 'passthrough' || kind === 'geneve') continue;
      judged = true;
      if (kind === 'unknown') (out ??= []).push(unknownOutcome('unknown_value', `the protocol of listener ${describeListener(l)} is not known statically`));
      else if (kind === 'unrecognized') (out ??= []).push(unknownOutcome('unrecognized_protocol', `listener ${describeListener(l)} uses a protocol this check does not know`));
      else if (isUnknown(l.redirectsToHttps)) (out ??= []).push(unknownOutcome('unknown_value', `whether listener ${describeListener(l)} redirects to HTTPS depends on ${l.redirectsToHttps.$unknown}`));
      else if (!l.redirectsToHttps) (out ??= []).push(fail('plaintext_listener', `listener ${describeListener(l)} serves plain HTTP without redirecting to HTTPS`, l.location));
    }
    if (out) return out;
    return judged ? pass() : notApplicable('passthrough_listeners');
  },
});
