import type { K8sRoleBinding } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';

const binding = (name: string, subjects: K8sRoleBinding['subjects'], kind: K8sRoleBinding['kind'] = 'ClusterRoleBinding'): K8sRoleBinding => ({
  kind, namespace: kind === 'RoleBinding' ? 'shop' : null, roleRef: { kind: 'ClusterRole', name }, subjects,
});

export default defineFixtures('k8s.role-binding', {
  pass: [
    binding('view', [{ kind: 'Group', name: 'developers', namespace: null }]),
    binding('cluster-admin', [{ kind: 'Group', name: 'system:masters', namespace: null }]),
    { kind: 'RoleBinding', namespace: 'shop', roleRef: { kind: 'Role', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'alice', namespace: null }] },
  ],
  fail: [
    { attributes: binding('cluster-admin', [{ kind: 'ServiceAccount', name: 'tiller', namespace: 'kube-system' }]), reason: 'bound_to_cluster_admin' },
    { attributes: binding('cluster-admin', [{ kind: 'Group', name: 'system:masters', namespace: null }, { kind: 'User', name: 'alice@example.com', namespace: null }], 'RoleBinding'), reason: 'bound_to_cluster_admin' },
  ],
  notApplicable: [{ attributes: binding('cluster-admin', []), reason: 'no_subjects' }],
  unknown: [],
});
