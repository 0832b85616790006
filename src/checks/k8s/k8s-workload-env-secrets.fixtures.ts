import type { K8sEnvVar } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

const env = (name: string, value: K8sEnvVar['value'], fromSecret = false): K8sEnvVar => ({ name, value, fromSecret, location: { startLine: 40, endLine: 41 } });
const withEnv = (...vars: K8sEnvVar[]) => workload({ containers: [container({ env: vars })] });

export default defineFixtures('k8s.workload', {
  pass: [
    workload(),
    withEnv(env('DB_PASSWORD_FILE', '/run/secrets/db'), env('TOKEN_TTL', '3600'), env('GPG_KEY', 'B42F6819007F00F88E364FD4036A9C25BF357DD4'), env('AWS_ACCESS_KEY_ID', 'AKIA')),
    withEnv(env('API_TOKEN', ''), env('DB_PASSWORD', '$(SHARED_PASSWORD)'), env('AUTH_SECRET', null, true), env('USE_TOKEN', 'true')),
  ],
  fail: [
    { attributes: withEnv(env('DB_PASSWORD', 'hunter2-but-longer')), reason: 'secret_in_env' },
    { attributes: withEnv(env('stripeApiKey', 'sk_live_abcdef123456')), reason: 'secret_in_env' },
    { attributes: withEnv(env('GITHUB_TOKEN', 'ghp_0123456789abcdef')), reason: 'secret_in_env' },
    { attributes: withEnv(env('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMIK7MDENG')), reason: 'secret_in_env' },
    { attributes: workload({ containers: [container(), container({ name: 'worker', env: [{ name: 'JWT_SECRET', value: 'changeme', fromSecret: false, location: null }] })] }), reason: 'secret_in_env' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withEnv(env('DB_PASSWORD', { $unknown: 'values.db.password' })), reason: 'unknown_value' }],
});
