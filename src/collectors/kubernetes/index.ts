// Kubernetes manifests (multi-document YAML or JSON, `kind: List` included) → k8s.* resources.
// Workloads are normalized to their pod spec. Helm templates are not YAML until rendered:
// they are skipped with a notice. Nothing in a manifest is ever executed or fetched.
import type { LineRange, Resource } from '../../domain/resources/index.js';
import type { WorkloadResourceTypes } from '../../domain/resources/workloads.js';
import { readIngress, readNetworkPolicy, readRole, readRoleBinding, readService } from './objects.js';
import { readPodSpec } from './pod-spec.js';
import { text } from './values.js';
import { isPlainObject, YamlSource, type At } from './yaml-tree.js';

export interface CollectorProblem {
  path: string;
  line: number | null;
  message: string;
}

/** Something the user should know that is not an error: a file skipped on purpose. */
export interface CollectorNotice {
  path: string;
  line: number | null;
  message: string;
}

export interface CollectorResult {
  resources: Resource[];
  problems: CollectorProblem[];
  notices: CollectorNotice[];
}

/** Where each workload kind keeps its pod spec, and the API groups it belongs to. */
const WORKLOADS: Record<string, { podSpec: string[]; groups: string[] }> = {
  Pod: { podSpec: ['spec'], groups: [''] },
  Deployment: { podSpec: ['spec', 'template', 'spec'], groups: ['apps', 'extensions'] },
  StatefulSet: { podSpec: ['spec', 'template', 'spec'], groups: ['apps'] },
  DaemonSet: { podSpec: ['spec', 'template', 'spec'], groups: ['apps', 'extensions'] },
  ReplicaSet: { podSpec: ['spec', 'template', 'spec'], groups: ['apps', 'extensions'] },
  ReplicationController: { podSpec: ['spec', 'template', 'spec'], groups: [''] },
  Job: { podSpec: ['spec', 'template', 'spec'], groups: ['batch'] },
  CronJob: { podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], groups: ['batch'] },
};
const OTHERS: Record<string, string[]> = {
  Service: [''],
  Ingress: ['networking.k8s.io', 'extensions'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
};
const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding']);

/** A Kubernetes object at the top level of a YAML or JSON document: `apiVersion` and `kind`. */
export function isKubernetesManifest(content: string): boolean {
  const yaml = /^apiVersion:[ \t]*\S/m.test(content) && /^kind:[ \t]*\S/m.test(content);
  const json = /^\s*[{[]/.test(content) && /"apiVersion"\s*:\s*"/.test(content) && /"kind"\s*:\s*"/.test(content);
  return yaml || json;
}

/** The first line of a Helm (Go template) file, or null when the file has no template actions. */
export function helmTemplateLine(content: string): number | null {
  const lines = content.split('\n');
  const i = lines.findIndex((l) => l.includes('{{') && !/^\s*#/.test(l));
  return i < 0 ? null : i + 1;
}

export function collectKubernetes(path: string, content: string): CollectorResult {
  const resources: Resource[] = [];
  const problems: CollectorProblem[] = [];
  const helmLine = helmTemplateLine(content);
  if (helmLine !== null) {
    const message = `skipped: a Helm template (\`{{\` on line ${helmLine}) is not YAML until rendered; scan the output of \`helm template\` instead`;
    return { resources, problems, notices: [{ path, line: helmLine, message }] };
  }
  const src = new YamlSource(content, '1.1');
  for (const p of src.problems) problems.push({ path, ...p });
  for (const d of src.docs) {
    if (!isPlainObject(d.root.js)) continue;
    const kind = text(d.root.js.kind);
    if (/List$/.test(kind) && Array.isArray(d.root.js.items)) {
      for (const item of src.items(src.child(d.root, 'items', d.index), d.index)) {
        const r = readObject(src, item, d.index, path, src.rangeOf(item.node, d.index) ?? d.range, problems);
        if (r) resources.push(r);
      }
    } else {
      const r = readObject(src, d.root, d.index, path, d.range, problems);
      if (r) resources.push(r);
    }
  }
  return { resources, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), notices: [] };
}

function readObject(src: YamlSource, at: At, doc: number, path: string, range: LineRange, problems: CollectorProblem[]): Resource | null {
  if (!isPlainObject(at.js)) return null;
  const o = at.js;
  const kind = text(o.kind);
  const apiVersion = text(o.apiVersion);
  if (!apiVersion) return null;
  const group = apiGroup(apiVersion);
  const workload = WORKLOADS[kind];
  if (!(workload?.groups.includes(group) ?? OTHERS[kind]?.includes(group))) return null;

  const meta = isPlainObject(o.metadata) ? o.metadata : {};
  const name = text(meta.name) || null;
  const clusterScoped = CLUSTER_SCOPED.has(kind);
  const namespace = text(meta.namespace) || 'default';
  // Cluster-scoped objects have no namespace: `<Kind>/<name>`.
  const label = name ?? (text(meta.generateName) ? `${text(meta.generateName)}*` : `(unnamed, line ${range.startLine})`);
  const id = clusterScoped ? `${kind}/${label}` : `${kind}/${namespace}/${label}`;
  const make = <T extends keyof WorkloadResourceTypes>(type: T, attributes: WorkloadResourceTypes[T]): Resource =>
    ({ type, id, name, attributes: attributes as unknown as Record<string, unknown>, source: { kind: 'file', format: 'kubernetes', path, startLine: range.startLine, endLine: range.endLine } });

  if (workload) {
    let spec = at;
    for (const key of workload.podSpec) spec = src.child(spec, key, doc);
    if (!isPlainObject(spec.js)) {
      problems.push({ path, line: range.startLine, message: `${id}: no pod template at ${workload.podSpec.join('.')}` });
      return null;
    }
    return make('k8s.workload', { kind, namespace, ...readPodSpec(src, spec, doc) });
  }
  switch (kind) {
    case 'Service': return make('k8s.service', readService(o, namespace));
    case 'Ingress': return make('k8s.ingress', readIngress(o, namespace));
    case 'NetworkPolicy': return make('k8s.network-policy', readNetworkPolicy(o, namespace));
    case 'Role': case 'ClusterRole': return make('k8s.role', readRole(o, kind, clusterScoped ? null : namespace));
    default: return make('k8s.role-binding', readRoleBinding(o, kind as 'RoleBinding' | 'ClusterRoleBinding', clusterScoped ? null : namespace));
  }
}

/** `apps/v1` → `apps`; `v1` (the core group) → ''. */
const apiGroup = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');
