import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { isSystemRole } from './lib/rbac.js';

const READ_VERBS = ['get', 'list', 'watch', '*'];

export default defineCheck({
  meta: {
    id: 'k8s-role-secrets-access',
    title: 'Roles do not read Secrets broadly',
    description: 'Reading Secrets (get, list or watch, directly or through a wildcard) hands over every credential stored in their scope, cluster-wide for a ClusterRole. Rules limited to named Secrets with resourceNames pass; roles that ship with Kubernetes are not judged.',
    severity: 'medium',
    resourceType: 'k8s.role',
    controls: ['IAM-06', 'CRY-04'],
    remediation: {
      text: 'Restrict the rule to the Secrets the workload needs with resourceNames, or mount the Secret into the pod instead of reading it through the API.',
      snippet: {
        language: 'yaml',
        code: `rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["web-tls"]
    verbs: ["get"]`,
      },
    },
  },
  evaluate(resource) {
    const { rules, kind } = resource.attributes;
    if (isSystemRole(resource)) return notApplicable('system_role');
    if (rules.length === 0) return notApplicable('no_rules');
    let out: Outcome[] | null = null;
    rules.forEach((rule, i) => {
      const coreGroup = rule.apiGroups.includes('') || rule.apiGroups.includes('*');
      const secrets = rule.resources.includes('secrets') || rule.resources.includes('*');
      const verbs = rule.verbs.filter((v) => READ_VERBS.includes(v));
      if (!coreGroup || !secrets || verbs.length === 0 || (rule.resourceNames?.length ?? 0) > 0) return;
      const scope = kind === 'ClusterRole' ? 'in every namespace it is bound to (cluster-wide with a ClusterRoleBinding)' : 'in its namespace';
      (out ??= []).push(fail('reads_secrets', `rule ${i + 1} allows ${verbs.join(', ')} on ${rule.resources.includes('secrets') ? 'secrets' : 'every resource, secrets included,'} ${scope}`));
    });
    return out ?? pass();
  },
});
