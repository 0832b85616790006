import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

/** Whether a TLS host entry (`*.example.com` or an exact name) covers the host. */
function covers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === tlsHost.slice(1);
}

export default defineCheck({
  meta: {
    id: 'k8s-ingress-tls',
    title: 'Ingresses terminate TLS for every host',
    description: 'An Ingress without a TLS section serves plain HTTP, and a host missing from its TLS hosts gets the controller\'s default certificate or no encryption at all. Every host an Ingress routes should be listed under `tls` with its certificate.',
    severity: 'medium',
    resourceType: 'k8s.ingress',
    controls: ['CRY-02'],
    remediation: {
      text: 'Add a `tls` section covering every host, with a certificate issued and renewed automatically (cert-manager, for example).',
      snippet: {
        language: 'yaml',
        code: `spec:
  tls:
    - hosts: ["shop.example.com"]
      secretName: shop-example-com-tls
  rules:
    - host: shop.example.com`,
      },
    },
  },
  evaluate({ attributes: { hosts, tlsHosts, hasTls } }) {
    if (!hasTls) return fail('no_tls', hosts.length ? `the ingress serves ${hosts.filter((h) => !isUnknown(h)).join(', ') || 'its hosts'} without TLS` : 'the ingress has no TLS section');
    const known = tlsHosts.filter((h): h is string => !isUnknown(h));
    const someUnknownTls = known.length < tlsHosts.length;
    let out: Outcome[] | null = null;
    for (const h of hosts) {
      if (isUnknown(h)) { (out ??= []).push(unknownOutcome('unknown_value', `a host depends on ${h.$unknown}`)); continue; }
      if (known.some((t) => covers(t, h))) continue;
      if (someUnknownTls) (out ??= []).push(unknownOutcome('unknown_value', `whether ${h} is covered by TLS depends on a TLS host not known statically`));
      else (out ??= []).push(fail('host_without_tls', `host ${h} is not listed in the TLS section`));
    }
    return out ?? pass();
  },
});
