// Load balancers: ELBv2 (application, network, gateway) with their AWS::ElasticLoadBalancingV2::Listener
// resources, and classic ELBs with their inline listeners; CloudFront distributions.
import type { LoadBalancer, LoadBalancerListener } from '../../../domain/resources/aws.js';
import { isUnknown, unknown, type Unknown, type V } from '../../../domain/resources/index.js';
import type { Resolved } from '../evaluate.js';
import { any, type Normalizer } from '../context.js';
import { at, boolOr, is, items, num, str, strOr, unknownOf } from '../values.js';

const upper = (v: V<string> | null): V<string> | null => (typeof v === 'string' ? v.toUpperCase() : v);

/** LoadBalancerAttributes ([{ Key, Value }]) as a lookup; an unknown list makes every attribute unknown. */
function attributes(list: Resolved | undefined): (key: string) => Resolved | undefined {
  const u = unknownOf(list);
  if (u) return () => u;
  const entries = items(list);
  return (key) => {
    let found: Resolved | undefined;
    for (const e of entries) {
      const k = str(at(e, 'Key'));
      if (isUnknown(k)) found ??= k;
      else if (k === key) found = at(e, 'Value');
    }
    return found;
  };
}

/** What a listener speaks when the template does not say, per load balancer type. */
const DEFAULT_PROTOCOL: Record<'application' | 'network' | 'gateway', string> = { application: 'HTTP', network: 'TCP', gateway: 'GENEVE' };

/** The policy the ELB API gives an HTTPS/TLS listener created without one. */
const DEFAULT_TLS_POLICY = 'ELBSecurityPolicy-2016-08';

export const loadBalancerV2: Normalizer = (r, ctx) => {
  const type = strOr(r.get('Type'), 'application');
  const lbType: LoadBalancer['lbType'] = isUnknown(type) ? type : type === 'application' || type === 'network' || type === 'gateway' ? type : unknown(`Type ${type}`);
  const attr = attributes(r.get('LoadBalancerAttributes'));
  const listeners: LoadBalancerListener[] = ctx.attached('AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancerArn', r).matches.map((l) => {
    const protocol = upper(str(l.get('Protocol'))) ?? (isUnknown(lbType) ? lbType : DEFAULT_PROTOCOL[lbType]);
    const tls = is(protocol, 'HTTPS', 'TLS');
    const sslPolicy = tls === false ? null : (str(l.get('SslPolicy')) ?? (tls === true ? DEFAULT_TLS_POLICY : (tls as Unknown)));
    const actions = l.get('DefaultActions');
    const au = unknownOf(actions);
    const redirectsToHttps = au ?? any(items(actions).map((a) => {
      const kind = str(at(a, 'Type'));
      if (isUnknown(kind)) return kind;
      return kind === 'redirect' ? is(upper(str(at(a, 'RedirectConfig', 'Protocol'))), 'HTTPS') : false;
    }));
    return {
      port: num(l.get('Port')) ?? (lbType === 'gateway' ? 6081 : unknown('Port')),
      protocol,
      sslPolicy,
      redirectsToHttps,
      location: l.span,
    };
  });
  return [ctx.emit(r, 'aws.elb.load-balancer', str(r.get('Name')), {
    lbType,
    internal: is(str(r.get('Scheme')), 'internal'),
    listeners,
    accessLogs: boolOr(attr('access_logs.s3.enabled'), false),
    dropInvalidHeaders: lbType === 'application' ? boolOr(attr('routing.http.drop_invalid_header_fields.enabled'), false) : isUnknown(lbType) ? lbType : null,
  })];
};

export const loadBalancerClassic: Normalizer = (r, ctx) => {
  const policies = items(r.get('Policies'));
  /** The predefined policy behind a listener's SSL negotiation policy, or the custom policy's name. */
  const sslPolicyOf = (names: Resolved | undefined): V<string> => {
    const u = unknownOf(names) ?? unknownOf(r.get('Policies'));
    if (u) return u;
    for (const n of items(names)) {
      const name = str(n);
      if (name === null) continue;
      if (isUnknown(name)) return name;
      const p = policies.find((x) => str(at(x, 'PolicyName')) === name);
      if (!p || str(at(p, 'PolicyType')) !== 'SSLNegotiationPolicyType') continue;
      const ref = items(at(p, 'Attributes')).find((a) => str(at(a, 'Name')) === 'Reference-Security-Policy');
      const value = ref === undefined ? null : str(at(ref, 'Value'));
      return value ?? name;
    }
    return DEFAULT_TLS_POLICY;
  };
  const declared = r.get('Listeners');
  const u = unknownOf(declared);
  const listeners: LoadBalancerListener[] = u
    ? [{ port: u, protocol: u, sslPolicy: u, redirectsToHttps: false, location: null }]
    : items(declared).map((l) => {
      const protocol = upper(str(at(l, 'Protocol'))) ?? unknown('Protocol');
      const tls = is(protocol, 'HTTPS', 'SSL');
      return {
        port: num(at(l, 'LoadBalancerPort')) ?? unknown('LoadBalancerPort'),
        protocol,
        sslPolicy: tls === false ? null : isUnknown(tls) ? tls : sslPolicyOf(at(l, 'PolicyNames')),
        redirectsToHttps: false,
        location: ctx.spanOf(l),
      };
    });
  return [ctx.emit(r, 'aws.elb.load-balancer', str(r.get('LoadBalancerName')), {
    lbType: 'classic',
    internal: is(str(r.get('Scheme')), 'internal'),
    listeners,
    accessLogs: boolOr(at(r.get('AccessLoggingPolicy'), 'Enabled'), false),
    dropInvalidHeaders: null,
  })];
};

export const distribution: Normalizer = (r, ctx) => {
  const dc = r.get('DistributionConfig');
  const behaviours = [at(dc, 'DefaultCacheBehavior'), ...(unknownOf(at(dc, 'CacheBehaviors')) ? [at(dc, 'CacheBehaviors')] : items(at(dc, 'CacheBehaviors')))];
  const viewerProtocolPolicies = behaviours.map((b) => str(at(b, 'ViewerProtocolPolicy')) ?? unknown('ViewerProtocolPolicy'));
  const vc = at(dc, 'ViewerCertificate');
  const vu = unknownOf(vc);
  const custom = vc !== undefined && vc !== null && (at(vc, 'AcmCertificateArn') !== undefined || at(vc, 'IamCertificateId') !== undefined);
  const usesDefaultCertificate: V<boolean> = vu ?? (vc === undefined || vc === null ? true : custom ? false : boolOr(at(vc, 'CloudFrontDefaultCertificate'), false));
  // With the default *.cloudfront.net certificate the security policy is CloudFront's (TLSv1), not a setting.
  const minimumProtocolVersion = usesDefaultCertificate === true ? null
    : usesDefaultCertificate === false ? strOr(at(vc, 'MinimumProtocolVersion'), 'TLSv1')
      : (str(at(vc, 'MinimumProtocolVersion')) ?? usesDefaultCertificate);
  const loggingConfig = at(dc, 'Logging');
  return [ctx.emit(r, 'aws.cloudfront.distribution', null, {
    viewerProtocolPolicies,
    minimumProtocolVersion,
    usesDefaultCertificate,
    logging: unknownOf(loggingConfig) ?? (loggingConfig !== undefined && loggingConfig !== null),
    webAclId: ctx.resourceId(at(dc, 'WebACLId')),
  })];
};
