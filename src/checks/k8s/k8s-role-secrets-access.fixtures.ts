import type { K8sRole } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';

const role = (rules: K8sRole['rules']): K8sRole => ({ kind: 'Role', namespace: 'shop', rules });

export default defineFixtures('k8s.role', {
  pass: [
    role([{ apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list'] }]),
    role([{ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update'] }]),
    role([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['web-tls'], verbs: ['get'] }]),
    role([{ apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }]),
  ],
  fail: [
    { attributes: role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]), reason: 'reads_secrets' },
    { attributes: { kind: 'ClusterRole', namespace: null, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['watch'] }] }, reason: 'reads_secrets' },
    { attributes: role([{ apiGroups: [''], resources: ['secrets'], resourceNames: [], verbs: ['*'] }]), reason: 'reads_secrets' },
  ],
  notApplicable: [{ attributes: role([]), reason: 'no_rules' }],
  unknown: [],
});
