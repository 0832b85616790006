import { defineFixtures } from '../types.js';

export default defineFixtures('k8s.ingress', {
  pass: [
    { namespace: 'shop', hosts: ['shop.example.com'], tlsHosts: ['shop.example.com'], hasTls: true },
    { namespace: 'shop', hosts: ['a.example.com', 'b.example.com'], tlsHosts: ['*.example.com'], hasTls: true },
  ],
  fail: [
    { attributes: { namespace: 'shop', hosts: ['shop.example.com'], tlsHosts: [], hasTls: false }, reason: 'no_tls' },
    { attributes: { namespace: 'shop', hosts: [], tlsHosts: [], hasTls: false }, reason: 'no_tls' },
    { attributes: { namespace: 'shop', hosts: ['shop.example.com', 'admin.example.com'], tlsHosts: ['shop.example.com'], hasTls: true }, reason: 'host_without_tls' },
    { attributes: { namespace: 'shop', hosts: ['a.b.example.com'], tlsHosts: ['*.example.com'], hasTls: true }, reason: 'host_without_tls' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { namespace: 'shop', hosts: [{ $unknown: 'values.host' }], tlsHosts: ['shop.example.com'], hasTls: true }, reason: 'unknown_value' },
    { attributes: { namespace: 'shop', hosts: ['shop.example.com'], tlsHosts: [{ $unknown: 'values.tlsHost' }], hasTls: true }, reason: 'unknown_value' },
  ],
});
