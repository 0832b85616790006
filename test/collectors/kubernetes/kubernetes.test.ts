import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectKubernetes, isKubernetesManifest } from '../../../src/collectors/kubernetes/index.js';
import type { Resource } from '../../../src/domain/resources/index.js';
import type { K8sContainer, K8sIngress, K8sNetworkPolicy, K8sRole, K8sRoleBinding, K8sService, K8sWorkload } from '../../../src/domain/resources/workloads.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const collect = (name: string) => collectKubernetes(`k8s/${name}`, fixture(name));
const byId = (resources: Resource[], id: string) => {
  const r = resources.find((x) => x.id === id);
  if (!r) throw new Error(`no resource ${id} in ${resources.map((x) => x.id).join(', ')}`);
  return r;
};
const workload = (resources: Resource[], id: string) => byId(resources, id).attributes as unknown as K8sWorkload;
const container = (w: K8sWorkload, name: string) => {
  const c = w.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
};

describe('Kubernetes collector: workloads', () => {
  const { resources, problems } = collect('workloads.yaml');

  it('reads every document of a multi-document file, with its own line range', () => {
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.type, r.id, r.name])).toEqual([
      ['k8s.workload', 'Deployment/shop/web', 'web'],
      ['k8s.workload', 'CronJob/default/nightly', 'nightly'],
      ['k8s.workload', 'Pod/default/debug', 'debug'],
    ]);
    expect(resources.map((r) => r.source)).toEqual([
      { kind: 'file', format: 'kubernetes', path: 'k8s/workloads.yaml', startLine: 2, endLine: 54 },
      { kind: 'file', format: 'kubernetes', path: 'k8s/workloads.yaml', startLine: 56, endLine: 79 },
      { kind: 'file', format: 'kubernetes', path: 'k8s/workloads.yaml', startLine: 81, endLine: 90 },
    ]);
  });

  it('normalizes init containers and containers, each with its line range', () => {
    const w = workload(resources, 'Deployment/shop/web');
    expect(w.containers.map((c) => [c.name, c.init, c.image, c.location])).toEqual([
      ['migrate', true, 'registry.example.com/shop/migrate:1.4.2', { startLine: 17, endLine: 18 }],
      // The range ends at the last value, not at the blank line that follows it.
      ['app', false, 'registry.example.com/shop/web:1.4.2', { startLine: 20, endLine: 51 }],
      ['sidecar', false, 'busybox', { startLine: 53, endLine: 54 }],
    ]);
  });

  it('takes runAsNonRoot and runAsUser from the pod when the container does not set them, its own value first', () => {
    const w = workload(resources, 'Deployment/shop/web');
    const app = container(w, 'app');
    expect(app.securityContext).toEqual({
      privileged: null,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true, // inherited from the pod
      runAsUser: 0, // the container's own value wins over the pod's 10001
      readOnlyRootFilesystem: true,
      capabilitiesAdd: ['NET_BIND_SERVICE'],
      capabilitiesDrop: ['ALL'],
    });
    expect(container(w, 'sidecar').securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, privileged: null, readOnlyRootFilesystem: null, capabilitiesAdd: [] });
    expect(container(w, 'migrate').securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  });

  it('leaves security settings null when neither container nor pod says', () => {
    const job = container(workload(resources, 'CronJob/default/nightly'), 'job');
    expect(job.securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: null, runAsNonRoot: null, runAsUser: null, readOnlyRootFilesystem: null, capabilitiesAdd: [], capabilitiesDrop: [] });
  });

  it('reads resources, probes, and env values apart from secret references, with their lines', () => {
    const app: K8sContainer = container(workload(resources, 'Deployment/shop/web'), 'app');
    expect(app.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(app.requests).toEqual({ cpu: '1', memory: null });
    expect([app.livenessProbe, app.readinessProbe]).toEqual([true, true]);
    expect(app.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info', fromSecret: false, location: { startLine: 36, endLine: 37 } },
      { name: 'DB_PASSWORD', value: null, fromSecret: true, location: { startLine: 38, endLine: 42 } },
      { name: 'NODE_NAME', value: null, fromSecret: false, location: { startLine: 43, endLine: 46 } },
      { name: 'EMPTY', value: '', fromSecret: false, location: { startLine: 47, endLine: 47 } },
    ]);
    const sidecar = container(workload(resources, 'Deployment/shop/web'), 'sidecar');
    expect([sidecar.livenessProbe, sidecar.readinessProbe, sidecar.limits]).toEqual([false, false, { cpu: null, memory: null }]);
  });

  it('reads the pod spec of a CronJob from its job template: host namespaces, hostPath volumes, defaults', () => {
    const w = workload(resources, 'CronJob/default/nightly');
    expect(w).toMatchObject({
      kind: 'CronJob',
      namespace: 'default',
      hostNetwork: true,
      hostPID: true, // `yes` is a boolean to Kubernetes (YAML 1.1)
      hostIPC: false,
      hostPathVolumes: [{ name: 'root', path: '/' }],
      serviceAccountName: 'default',
      automountServiceAccountToken: null,
    });
    expect(w.containers.map((c) => c.image)).toEqual(['alpine:3.20']);
    const web = workload(resources, 'Deployment/shop/web');
    expect([web.serviceAccountName, web.automountServiceAccountToken]).toEqual(['web', false]);
  });

  it('turns values of the wrong type or left templated into unknowns, never a guess', () => {
    const shell = container(workload(resources, 'Pod/default/debug'), 'shell');
    expect(shell.image).toEqual({ $unknown: 'containers[0].image: "${IMAGE}"' });
    expect(shell.securityContext.privileged).toEqual({ $unknown: 'containers[0].securityContext.privileged: "true"' });
  });
});

describe('Kubernetes collector: services, ingresses, network policies, RBAC', () => {
  it('reads the items of a List and the documents after it; ignores other kinds and other API groups', () => {
    const { resources, problems } = collect('network.yaml');
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.type, r.id, r.source.kind === 'file' ? [r.source.startLine, r.source.endLine] : null])).toEqual([
      ['k8s.service', 'Service/shop/web', [4, 14]],
      ['k8s.ingress', 'Ingress/shop/web', [15, 27]],
      ['k8s.network-policy', 'NetworkPolicy/default/default-deny', [29, 35]],
      ['k8s.network-policy', 'NetworkPolicy/shop/web-only', [37, 45]],
    ]);
    expect(byId(resources, 'Service/shop/web').attributes as unknown as K8sService).toEqual({
      namespace: 'shop',
      serviceType: 'LoadBalancer',
      ports: [{ port: 443, targetPort: 'https', protocol: 'TCP' }, { port: 80, targetPort: 80, protocol: 'TCP' }],
    });
    expect(byId(resources, 'Ingress/shop/web').attributes as unknown as K8sIngress).toEqual({ namespace: 'shop', hosts: ['shop.example.com', 'admin.example.com'], tlsHosts: ['shop.example.com'], hasTls: true });
    expect(byId(resources, 'NetworkPolicy/default/default-deny').attributes as unknown as K8sNetworkPolicy).toEqual({ namespace: 'default', selectsAllPods: true, policyTypes: ['Ingress', 'Egress'] });
    expect(byId(resources, 'NetworkPolicy/shop/web-only').attributes as unknown as K8sNetworkPolicy).toEqual({ namespace: 'shop', selectsAllPods: false, policyTypes: ['Ingress'] });
  });

  it('reads roles and bindings from a JSON List; cluster-scoped objects have no namespace in their id', () => {
    const { resources, problems } = collect('rbac.json');
    expect(problems).toEqual([]);
    expect(resources.map((r) => r.id)).toEqual(['ClusterRole/god', 'RoleBinding/ops/god-binding', 'Role/default/reader', 'ClusterRoleBinding/god-everywhere']);
    expect(byId(resources, 'ClusterRole/god').attributes as unknown as K8sRole).toEqual({ kind: 'ClusterRole', namespace: null, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] });
    expect(byId(resources, 'Role/default/reader').attributes as unknown as K8sRole).toMatchObject({ kind: 'Role', namespace: 'default' });
    expect(byId(resources, 'RoleBinding/ops/god-binding').attributes as unknown as K8sRoleBinding).toEqual({
      kind: 'RoleBinding',
      namespace: 'ops',
      roleRef: { kind: 'ClusterRole', name: 'god' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }, { kind: 'Group', name: 'admins', namespace: null }],
    });
    expect(byId(resources, 'ClusterRoleBinding/god-everywhere').attributes as unknown as K8sRoleBinding).toMatchObject({ kind: 'ClusterRoleBinding', namespace: null });
    expect(byId(resources, 'ClusterRoleBinding/god-everywhere').source).toMatchObject({ startLine: 27, endLine: 33 });
  });
});

describe('Kubernetes collector: bad input', () => {
  it('reports a syntax error with its line and keeps the other documents', () => {
    const { resources, problems } = collect('broken.yaml');
    expect(resources.map((r) => r.id)).toEqual(['Pod/default/fine']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ path: 'k8s/broken.yaml', line: 15 });
    expect(problems[0]?.message).toMatch(/^YAML syntax error/);
    // A controller without a pod template is a problem of its own, not a crash.
    expect(problems[1]).toMatchObject({ path: 'k8s/broken.yaml', line: 17 });
    expect(problems[1]?.message).toContain('Deployment/default/no-template');
  });

  it('skips a Helm template with a notice (not a problem) at the first template line, without parsing it', () => {
    const { resources, problems, notices } = collect('helm/deployment.yaml');
    expect(resources).toEqual([]);
    // Not an error: a notice, as for any other file skipped on purpose.
    expect(problems).toEqual([]);
    expect(notices).toEqual([{ path: 'k8s/helm/deployment.yaml', line: 4, message: expect.stringMatching(/^skipped: .*Helm.*line 4/) }]);
    expect(collect('workloads.yaml').notices).toEqual([]);
  });

  it('never throws on garbage, empty files, scalars, alias bombs or deep nesting', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'apiVersion: v1', 'kind: Pod'].join('\n');
    const inputs = ['', '---\n---\n', 'just text', '- 1\n- 2', 'apiVersion: v1\nkind: Pod\nspec: 3', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [1, null, "x"]', '\t\tkind: :', '['.repeat(5000), bomb, 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      volumes: [{hostPath: 3}]\n      containers:\n        - env: [{name: A, valueFrom: 3}]\n          securityContext: {capabilities: {add: SYS_ADMIN}}\n'];
    for (const text of inputs) {
      const out = collectKubernetes('x.yaml', text);
      expect(Array.isArray(out.resources)).toBe(true);
      for (const p of out.problems) expect(p.path).toBe('x.yaml');
    }
    expect(collectKubernetes('x.yaml', '['.repeat(5000)).problems.length).toBeGreaterThan(0);
    expect(collectKubernetes('x.yaml', bomb).problems[0]?.message).toMatch(/not read/);
    const odd = collectKubernetes('x.yaml', inputs[9] ?? '').resources[0]?.attributes as unknown as K8sWorkload;
    expect(odd.containers[0]).toMatchObject({ name: '', image: { $unknown: 'containers[0].image: null' }, env: [{ name: 'A', value: null, fromSecret: false }] });
    expect(odd.hostPathVolumes).toEqual([]);
  });

  it('ignores documents without apiVersion, and YAML that is not a manifest', () => {
    expect(collectKubernetes('x.yaml', 'kind: Pod\nspec: {containers: [{name: a, image: b}]}').resources).toEqual([]);
    expect(collectKubernetes('x.yaml', 'name: CI\non: push\njobs: {}').resources).toEqual([]);
  });
});

describe('isKubernetesManifest', () => {
  it('recognizes YAML and JSON objects with a top-level apiVersion and kind', () => {
    expect(isKubernetesManifest(fixture('workloads.yaml'))).toBe(true);
    expect(isKubernetesManifest(fixture('rbac.json'))).toBe(true);
    expect(isKubernetesManifest('---\napiVersion: v1\nkind: ConfigMap\n')).toBe(true);
  });
  it('rejects YAML without them at the top level', () => {
    expect(isKubernetesManifest('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')).toBe(false);
    expect(isKubernetesManifest('apiVersion: v2\nname: chart\nversion: 1.0.0\n')).toBe(false); // Chart.yaml
    expect(isKubernetesManifest('spec:\n  apiVersion: v1\n  kind: Pod\n')).toBe(false);
    expect(isKubernetesManifest('{"Resources": {}}')).toBe(false);
  });
});
