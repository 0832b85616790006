import type { K8sRole } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';

const role = (rules: K8sRole['rules']): K8sRole => ({ kind: 'Role', namespace: 'shop', rules });

export default defineFixtures('k8s.role', {
  pass: [role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'patch'] }, { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }])],
  fail: [
    { attributes: role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }]), reason: 'wildcard_verbs' },
    { attributes: role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: ['*'], resources: ['*'], verbs: ['get'] }]), reason: 'wildcard_resources' },
    { attributes: { kind: 'ClusterRole', namespace: null, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }, reason: 'wildcard_verbs' },
  ],
  notApplicable: [{ attributes: role([]), reason: 'no_rules' }],
  unknown: [],
});
