import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

const SECURITY_POLICY = /^TLSv1\.([123])_(\d{4})$/;
const OLDEST = new Set(['SSLv3', 'TLSv1', 'TLSv1_2016']);

export default defineCheck({
  meta: {
    id: 'aws-cloudfront-tls-version',
    title: 'CloudFront distributions require TLS 1.2 with modern ciphers',
    description: 'The viewer security policy should be TLSv1.2_2019 or newer (TLSv1.2_2021 recommended): older policies still accept TLS 1.0 or 1.1, or, for TLSv1.2_2018, weak cipher suites. A distribution that uses the default *.cloudfront.net certificate fails too (reason default_certificate): CloudFront then always accepts TLS 1.0 and the minimum cannot be raised; the only fix is a certificate of your own from ACM.',
    severity: 'medium',
    resourceType: 'aws.cloudfront.distribution',
    controls: ['CRY-02'],
    remediation: {
      text: 'Serve the distribution with an ACM certificate (in us-east-1), SNI only, and minimum protocol version TLSv1.2_2021.',
      snippet: {
        language: 'terraform',
        code: `viewer_certificate {
  acm_certificate_arn      = aws_acm_certificate.cdn.arn
  ssl_support_method       = "sni-only"
  minimum_protocol_version = "TLSv1.2_2021"
}`,
      },
    },
  },
  evaluate({ attributes: { usesDefaultCertificate, minimumProtocolVersion: version } }) {
    if (isUnknown(usesDefaultCertificate)) return unknownOutcome('unknown_value', `whether the default certificate is used depends on ${usesDefaultCertificate.$unknown}`);
    if (usesDefaultCertificate) return fail('default_certificate', 'the distribution uses the default CloudFront certificate, with which viewers can still connect over TLS 1.0');
    if (version === null) return notApplicable('not_observable');
    if (isUnknown(version)) return unknownOutcome('unknown_value', `the minimum protocol version depends on ${version.$unknown}`);
    const m = SECURITY_POLICY.exec(version);
    if (m) {
      const minor = Number(m[1]);
      const year = Number(m[2]);
      if (minor === 3 || (minor === 2 && year >= 2019)) return pass();
      return fail('outdated_protocol_version', minor === 2 ? `${version} requires TLS 1.2 but still offers weak cipher suites` : `${version} still accepts TLS 1.1`);
    }
    if (OLDEST.has(version)) return fail('outdated_protocol_version', `${version} still accepts protocols older than TLS 1.2`);
    return unknownOutcome('unrecognized_version', `${version} is a security policy this check does not know`);
  },
});
