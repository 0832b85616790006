import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { isSystemRole } from './lib/rbac.js';

export default defineCheck({
  meta: {
    id: 'k8s-role-wildcard',
    title: 'Roles list their verbs and resources',
    description: 'A rule with `*` as verb or resource grants everything that exists today and everything that will be added later, including custom resources and escalation verbs such as bind and impersonate. Roles that ship with Kubernetes (system:*, cluster-admin, admin, edit, view) are not judged.',
    severity: 'high',
    resourceType: 'k8s.role',
    controls: ['IAM-06', 'IAM-07'],
    remediation: {
      text: 'Replace wildcards with the resources and verbs the subject actually uses.',
      snippet: {
        language: 'yaml',
        code: `rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch"]`,
      },
    },
  },
  evaluate(resource) {
    const { rules } = resource.attributes;
    if (isSystemRole(resource)) return notApplicable('system_role');
    if (rules.length === 0) return notApplicable('no_rules');
    let out: Outcome[] | null = null;
    rules.forEach((rule, i) => {
      const where = `rule ${i + 1} (${rule.resources.join(', ') || 'no resources'})`;
      if (rule.verbs.includes('*')) (out ??= []).push(fail('wildcard_verbs', `${where} grants every verb`));
      if (rule.resources.includes('*')) (out ??= []).push(fail('wildcard_resources', `rule ${i + 1} grants access to every resource${rule.apiGroups.includes('*') ? ' of every API group' : ''}`));
    });
    return out ?? pass();
  },
});
