import { defineCheck, type Severity } from '../types.js';
import { mask, notApplicable, pass } from '../util.js';

/** Severity of a finding by the kind of secret: what an attacker can do with it, and for how long. */
const SEVERITY: Record<string, Severity> = {
  'private-key': 'critical',
  'aws-secret-access-key': 'critical',
  'gcp-service-account-key': 'critical',
  'azure-storage-account-key': 'critical',
  'aws-access-key-id': 'high',
  'aws-session-token': 'high',
  'github-token': 'high',
  'gitlab-token': 'high',
  'npm-token': 'high',
  'pypi-token': 'high',
  'slack-token': 'high',
  'stripe-key': 'high',
  'sendgrid-key': 'high',
  'twilio-key': 'high',
  'google-api-key': 'high',
  'slack-webhook': 'medium',
  'jwt': 'medium',
  'generic-api-key': 'medium',
  'password': 'medium',
};

/**
 * Credentials published in vendor documentation as examples, as collectors show them: what the
 * mask leaves visible, whatever the number of stars.
 */
const visible = (masked: string): string => masked.replace(/\*+/g, '*');
const DOCUMENTATION_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'].map((v) => visible(mask(v))));

/** `xxxx****xxxx`, `0000****0000`: a template's placeholder, not a value. */
const PLACEHOLDER = /^([xX0#])\1*\**\1*$/;

export default defineCheck({
  meta: {
    id: 'secret-hardcoded',
    title: 'No secrets committed in files',
    description: 'A key, token or password found in a scanned file is exposed to everyone with read access to the repository and its history, for as long as it stays valid. Severity follows the kind: private keys and cloud secret keys are critical, other service tokens high, generic keys and passwords medium. The example keys of the AWS documentation pass and placeholders (xxxx…) are not judged. Findings show the value masked, never in full.',
    severity: 'high',
    resourceType: 'secret.candidate',
    controls: ['CRY-04'],
    remediation: {
      text: 'Revoke and replace the secret first (deleting the line does not remove it from history), then load it at run time from your secrets manager or CI secret store.',
      snippet: {
        language: 'yaml',
        code: `# GitHub Actions: from the repository's encrypted secrets
env:
  STRIPE_KEY: \${{ secrets.STRIPE_KEY }}`,
      },
    },
  },
  evaluate({ attributes: { kind, masked, location } }) {
    // Published, never-valid example credentials: a credential is there, but no live secret.
    if (DOCUMENTATION_EXAMPLES.has(visible(masked))) return pass();
    if (PLACEHOLDER.test(masked)) return notApplicable('placeholder');
    // The collector masks; mask again anything that arrives without a mask rather than print it.
    const shown = masked.includes('*') ? masked : mask(masked);
    return { status: 'fail', reason: kind.toLowerCase().replace(/[^a-z0-9]+/g, '_'), message: `${kind.replace(/-/g, ' ')} in clear text: ${shown}`, location, severity: SEVERITY[kind] ?? 'high' };
  },
});
