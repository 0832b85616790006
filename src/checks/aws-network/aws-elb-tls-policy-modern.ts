import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { describeListener, listenerKind } from './shared/load-balancer.js';

// Predefined policies that negotiate TLS 1.2 at least (TLS 1.3 ones included; -Res-, -Ext-,
// -FIPS- and -PQ- variants share these prefixes).
const MODERN = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;
// Predefined policies that still accept TLS 1.0 or 1.1 (or SSLv3): the dated ones
// (ELBSecurityPolicy-2016-08…), TLS-1-0/1-1, TLS13-1-0/1-1, FS-2018-06, FS-1-1, and the
// classic load balancer samples.
const OUTDATED = /^(ELBSecurityPolicy-(\d{4}-\d{2}$|TLS-1-[01]-|TLS13-1-[01]-|FS-\d{4}-\d{2}$|FS-1-1-)|ELBSample-)/;

export default defineCheck({
  meta: {
    id: 'aws-elb-tls-policy-modern',
    title: 'Load balancer TLS listeners refuse protocols older than TLS 1.2',
    description: 'Each HTTPS, TLS or SSL listener should use a predefined security policy whose floor is TLS 1.2: ELBSecurityPolicy-TLS13-1-2-* and -TLS13-1-3-* (preferred), ELBSecurityPolicy-TLS-1-2-* or ELBSecurityPolicy-FS-1-2-*. Older policies such as ELBSecurityPolicy-2016-08, the default when none is named, still accept TLS 1.0 and 1.1 and fail, once per listener. Custom policies cannot be judged from their name and come out unknown (unrecognized_policy).',
    severity: 'medium',
    resourceType: 'aws.elb.load-balancer',
    controls: ['CRY-02'],
    remediation: {
      text: 'Name a TLS 1.2+ security policy on every TLS listener; ELBSecurityPolicy-TLS13-1-2-2021-06 suits most public endpoints.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}`,
      },
    },
  },
  evaluate({ attributes: { listeners } }) {
    let out: Outcome[] | null = null;
    let tls = 0;
    let observed = 0;
    for (const l of listeners) {
      const kind = listenerKind(l.protocol);
      if (kind === 'unknown') { (out ??= []).push(unknownOutcome('unknown_value', `the protocol of listener ${describeListener(l)} is not known statically`)); continue; }
      if (kind !== 'tls') continue;
      tls++;
      const policy = l.sslPolicy;
      if (policy === null) continue;
      observed++;
      if (isUnknown(policy)) (out ??= []).push(unknownOutcome('unknown_value', `the security policy of listener ${describeListener(l)} depends on ${policy.$unknown}`));
      else if (MODERN.test(policy)) continue;
      else if (OUTDATED.test(policy)) (out ??= []).push(fail('outdated_policy', `listener ${describeListener(l)} uses ${policy}, which still accepts TLS versions older than 1.2`, l.location));
      else (out ??= []).push(unknownOutcome('unrecognized_policy', `listener ${describeListener(l)} uses ${policy}, a policy this check cannot judge by name`));
    }
    if (out) return out;
    if (tls === 0) return notApplicable('no_tls_listeners');
    return observed === 0 ? notApplicable('not_observable') : pass();
  },
});
