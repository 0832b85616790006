import { defineFixtures } from '../types.js';
import { loadBalancer } from './shared/fixtures.js';

export default defineFixtures('aws.elb.load-balancer', {
  pass: [loadBalancer(), loadBalancer({ internal: true })],
  fail: [{ attributes: loadBalancer({ dropInvalidHeaders: false }), reason: 'invalid_headers_forwarded' }],
  notApplicable: [
    { attributes: loadBalancer({ lbType: 'network', dropInvalidHeaders: null }), reason: 'not_application_lb' },
    { attributes: loadBalancer({ lbType: 'classic', dropInvalidHeaders: false }), reason: 'not_application_lb' },
    { attributes: loadBalancer({ dropInvalidHeaders: null }), reason: 'not_observable' },
  ],
  unknown: [
    { attributes: loadBalancer({ dropInvalidHeaders: { $unknown: 'var.drop_invalid' } }), reason: 'unknown_value' },
    { attributes: loadBalancer({ lbType: { $unknown: 'var.lb_type' } }), reason: 'unknown_value' },
  ],
});
