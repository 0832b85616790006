// Non-workload objects: Service, Ingress, NetworkPolicy, RBAC roles and bindings.
import { unknown, type V } from '../../domain/resources/index.js';
import type { K8sIngress, K8sNetworkPolicy, K8sRbacRule, K8sRole, K8sRoleBinding, K8sService } from '../../domain/resources/workloads.js';
import { isPlainObject } from './yaml-tree.js';
import { stringList, stringOr, stringOrNull, text } from './values.js';

type Obj = Record<string, unknown>;
const spec = (o: Obj): Obj => (isPlainObject(o.spec) ? o.spec : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readService(o: Obj, namespace: string): K8sService {
  const s = spec(o);
  return {
    namespace,
    serviceType: stringOr(s.type, 'spec.type', 'ClusterIP'),
    ports: list(s.ports).filter(isPlainObject).map((p, i) => {
      const port: V<number> = typeof p.port === 'number' ? p.port : unknown(`spec.ports[${i}].port: ${JSON.stringify(p.port ?? null)}`);
      // Without targetPort, traffic goes to the same port number on the pod.
      const target = p.targetPort === undefined || p.targetPort === null ? port : typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : unknown(`spec.ports[${i}].targetPort: ${JSON.stringify(p.targetPort)}`);
      return { port, targetPort: target, protocol: stringOr(p.protocol, `spec.ports[${i}].protocol`, 'TCP') };
    }),
  };
}

export function readIngress(o: Obj, namespace: string): K8sIngress {
  const s = spec(o);
  const hosts: V<string>[] = [];
  // A rule without a host matches every host; it names none, so it adds nothing here.
  list(s.rules).forEach((r, i) => {
    if (isPlainObject(r) && r.host !== undefined && r.host !== null) hosts.push(stringOrNull(r.host, `spec.rules[${i}].host`) ?? '');
  });
  const tls = list(s.tls).filter(isPlainObject);
  const tlsHosts: V<string>[] = [];
  tls.forEach((t, i) => list(t.hosts).forEach((h, j) => tlsHosts.push(stringOrNull(h, `spec.tls[${i}].hosts[${j}]`) ?? '')));
  return { namespace, hosts, tlsHosts, hasTls: tls.length > 0 };
}

export function readNetworkPolicy(o: Obj, namespace: string): K8sNetworkPolicy {
  const s = spec(o);
  const selector = isPlainObject(s.podSelector) ? s.podSelector : {};
  const selectsAllPods = Object.keys(isPlainObject(selector.matchLabels) ? selector.matchLabels : {}).length === 0 && list(selector.matchExpressions).length === 0;
  // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
  const policyTypes = Array.isArray(s.policyTypes) ? stringList(s.policyTypes) : ['Ingress', ...(s.egress !== undefined && s.egress !== null ? ['Egress'] : [])];
  return { namespace, selectsAllPods, policyTypes };
}

export function readRole(o: Obj, kind: 'Role' | 'ClusterRole', namespace: string | null): K8sRole {
  const rules: K8sRbacRule[] = list(o.rules).filter(isPlainObject).map((r) => ({
    apiGroups: stringList(r.apiGroups),
    resources: stringList(r.resources),
    verbs: stringList(r.verbs),
  }));
  return { kind, namespace, rules };
}

export function readRoleBinding(o: Obj, kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | null): K8sRoleBinding {
  const ref = isPlainObject(o.roleRef) ? o.roleRef : {};
  return {
    kind,
    namespace,
    roleRef: { kind: text(ref.kind), name: text(ref.name) },
    subjects: list(o.subjects).filter(isPlainObject).map((s) => ({
      kind: text(s.kind),
      name: text(s.name),
      namespace: s.namespace === undefined || s.namespace === null ? null : text(s.namespace),
    })),
  };
}
