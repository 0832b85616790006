import { defineFixtures } from '../types.js';
import { listener, loadBalancer } from './shared/fixtures.js';

export default defineFixtures('aws.elb.load-balancer', {
  pass: [
    loadBalancer(),
    loadBalancer({ lbType: 'classic', dropInvalidHeaders: null }),
    loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TLS' })], dropInvalidHeaders: null }),
  ],
  fail: [
    { attributes: loadBalancer({ accessLogs: false }), reason: 'access_logs_disabled' },
    { attributes: loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TLS' }), listener({ protocol: 'TCP', port: 22, sslPolicy: null })], accessLogs: false }), reason: 'access_logs_disabled' },
  ],
  notApplicable: [
    { attributes: loadBalancer({ lbType: 'gateway', listeners: [], accessLogs: false }), reason: 'gateway_load_balancer' },
    { attributes: loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TCP', sslPolicy: null })], accessLogs: false }), reason: 'no_tls_listeners' },
  ],
  unknown: [
    { attributes: loadBalancer({ accessLogs: { $unknown: 'var.enable_access_logs' } }), reason: 'unknown_value' },
    { attributes: loadBalancer({ lbType: { $unknown: 'var.lb_type' }, accessLogs: false }), reason: 'unknown_value' },
  ],
});
