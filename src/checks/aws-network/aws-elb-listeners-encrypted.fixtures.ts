import { defineFixtures } from '../types.js';
import { listener, loadBalancer } from './shared/fixtures.js';

const tcp = listener({ port: 5432, protocol: 'TCP', sslPolicy: null });

export default defineFixtures('aws.elb.load-balancer', {
  pass: [
    loadBalancer(),
    loadBalancer({ listeners: [listener()] }),
    loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TLS' }), tcp] }),
    loadBalancer({ lbType: 'classic', listeners: [listener({ protocol: 'SSL', port: 8443, sslPolicy: null })] }),
    loadBalancer({ internal: true, listeners: [listener({ port: 8443 })] }),
  ],
  fail: [
    { attributes: loadBalancer({ listeners: [listener(), listener({ port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: false })] }), reason: 'plaintext_listener' },
    { attributes: loadBalancer({ lbType: 'classic', listeners: [listener({ port: 80, protocol: 'http', sslPolicy: null })] }), reason: 'plaintext_listener' },
    { attributes: loadBalancer({ internal: true, listeners: [listener({ port: 8080, protocol: 'HTTP', sslPolicy: null })] }), reason: 'plaintext_listener' },
  ],
  notApplicable: [
    { attributes: loadBalancer({ lbType: 'network', listeners: [tcp, listener({ protocol: 'UDP', port: 53, sslPolicy: null })] }), reason: 'passthrough_listeners' },
    { attributes: loadBalancer({ lbType: 'gateway', listeners: [listener({ protocol: 'GENEVE', port: 6081, sslPolicy: null })] }), reason: 'gateway_load_balancer' },
    { attributes: loadBalancer({ listeners: [] }), reason: 'no_listeners' },
  ],
  unknown: [
    { attributes: loadBalancer({ listeners: [listener({ protocol: { $unknown: 'var.listener_protocol' } })] }), reason: 'unknown_value' },
    { attributes: loadBalancer({ listeners: [listener({ port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: { $unknown: 'var.redirect' } })] }), reason: 'unknown_value' },
    { attributes: loadBalancer({ listeners: [listener({ protocol: 'SPDY' })] }), reason: 'unrecognized_protocol' },
  ],
});
