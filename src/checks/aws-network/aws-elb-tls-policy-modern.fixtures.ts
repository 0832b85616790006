import { defineFixtures } from '../types.js';
import { listener, loadBalancer } from './shared/fixtures.js';

const withPolicy = (sslPolicy: string) => loadBalancer({ listeners: [listener({ sslPolicy })] });

export default defineFixtures('aws.elb.load-balancer', {
  pass: [
    loadBalancer(),
    withPolicy('ELBSecurityPolicy-TLS13-1-3-2021-06'),
    withPolicy('ELBSecurityPolicy-TLS13-1-2-Res-2021-06'),
    withPolicy('ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04'),
    withPolicy('ELBSecurityPolicy-TLS-1-2-Ext-2018-06'),
    withPolicy('ELBSecurityPolicy-FS-1-2-Res-2020-10'),
    loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })] }),
  ],
  fail: [
    { attributes: withPolicy('ELBSecurityPolicy-2016-08'), reason: 'outdated_policy' },
    { attributes: withPolicy('ELBSecurityPolicy-TLS-1-1-2017-01'), reason: 'outdated_policy' },
    { attributes: withPolicy('ELBSecurityPolicy-TLS13-1-0-2021-06'), reason: 'outdated_policy' },
    { attributes: withPolicy('ELBSecurityPolicy-FS-2018-06'), reason: 'outdated_policy' },
    { attributes: withPolicy('ELBSecurityPolicy-FS-1-1-2019-08'), reason: 'outdated_policy' },
    { attributes: loadBalancer({ lbType: 'classic', listeners: [listener({ protocol: 'SSL', sslPolicy: 'ELBSample-OpenSSLDefaultCipherPolicy' })] }), reason: 'outdated_policy' },
  ],
  notApplicable: [
    { attributes: loadBalancer({ listeners: [listener({ port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: true })] }), reason: 'no_tls_listeners' },
    { attributes: loadBalancer({ lbType: 'classic', listeners: [listener({ sslPolicy: null })] }), reason: 'not_observable' },
  ],
  unknown: [
    { attributes: loadBalancer({ listeners: [listener({ sslPolicy: { $unknown: 'var.ssl_policy' } })] }), reason: 'unknown_value' },
    { attributes: withPolicy('my-custom-negotiation-policy'), reason: 'unrecognized_policy' },
  ],
});
