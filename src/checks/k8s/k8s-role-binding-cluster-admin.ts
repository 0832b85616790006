import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { isSystemSubject } from './lib/rbac.js';

export default defineCheck({
  meta: {
    id: 'k8s-role-binding-cluster-admin',
    title: 'Nobody is bound to cluster-admin',
    description: 'cluster-admin can do anything to any object in the cluster, including reading every Secret and granting itself more. Binding it to people, groups or service accounts makes them permanent administrators; Kubernetes\' own system: subjects are not reported.',
    severity: 'high',
    resourceType: 'k8s.role-binding',
    controls: ['IAM-07', 'IAM-06'],
    remediation: {
      text: 'Bind a role scoped to what the subject does (the built-in admin, edit or view in one namespace, or a dedicated role), and keep cluster-wide administration to a break-glass procedure.',
      snippet: {
        language: 'yaml',
        code: `kind: RoleBinding
metadata: { name: deployers, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: Group, name: shop-deployers, apiGroup: rbac.authorization.k8s.io }`,
      },
    },
  },
  evaluate({ attributes: { roleRef, subjects, kind } }) {
    if (subjects.length === 0) return notApplicable('no_subjects');
    if (roleRef.kind !== 'ClusterRole' || roleRef.name !== 'cluster-admin') return pass();
    let out: Outcome[] | null = null;
    const scope = kind === 'ClusterRoleBinding' ? 'across the cluster' : 'in its namespace';
    for (const s of subjects) {
      if (isSystemSubject(s.name)) continue;
      const who = s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/${s.name}` : s.name;
      (out ??= []).push(fail('bound_to_cluster_admin', `${s.kind} ${who} is bound to cluster-admin ${scope}`));
    }
    return out ?? pass();
  },
});
