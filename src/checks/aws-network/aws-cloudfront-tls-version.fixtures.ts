import { defineFixtures } from '../types.js';
import { distribution } from './shared/fixtures.js';

const v = (minimumProtocolVersion: string) => distribution({ minimumProtocolVersion });

export default defineFixtures('aws.cloudfront.distribution', {
  pass: [distribution(), v('TLSv1.2_2019'), v('TLSv1.2_2025'), v('TLSv1.3_2025')],
  fail: [
    { attributes: distribution({ usesDefaultCertificate: true, minimumProtocolVersion: null }), reason: 'default_certificate' },
    { attributes: distribution({ usesDefaultCertificate: true, minimumProtocolVersion: 'TLSv1.2_2021' }), reason: 'default_certificate' },
    { attributes: v('TLSv1'), reason: 'outdated_protocol_version' },
    { attributes: v('TLSv1_2016'), reason: 'outdated_protocol_version' },
    { attributes: v('TLSv1.1_2016'), reason: 'outdated_protocol_version' },
    { attributes: v('TLSv1.2_2018'), reason: 'outdated_protocol_version' },
  ],
  notApplicable: [{ attributes: distribution({ minimumProtocolVersion: null }), reason: 'not_observable' }],
  unknown: [
    { attributes: distribution({ minimumProtocolVersion: { $unknown: 'var.min_tls' } }), reason: 'unknown_value' },
    { attributes: distribution({ usesDefaultCertificate: { $unknown: 'var.use_default_cert' } }), reason: 'unknown_value' },
    { attributes: v('TLSv2_2030'), reason: 'unrecognized_version' },
  ],
});
