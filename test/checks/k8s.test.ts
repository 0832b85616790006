// Behaviour of the k8s checks that the fixture table cannot show: one finding per offending
// container at its own lines, names of RBAC objects, and the image reference parser.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/engine.js';
import { k8sChecks } from '../../src/checks/k8s/index.js';
import { container, securityContext, workload } from '../../src/checks/k8s/lib/fixture-builders.js';
import { parseImageRef } from '../../src/checks/docker/lib/image-ref.js';
import type { Resource } from '../../src/domain/resources/index.js';
import type { K8sRole, K8sWorkload } from '../../src/domain/resources/workloads.js';

const src = { kind: 'file', format: 'kubernetes', path: 'deploy/web.yaml', startLine: 1, endLine: 80 } as const;
const asWorkload = (attributes: K8sWorkload): Resource<unknown> => ({ type: 'k8s.workload', id: 'Deployment/shop/web', name: 'web', attributes, source: src });
const run = (id: string, r: Resource<unknown>) => evaluate(k8sChecks.filter((c) => c.meta.id === id), [r]);

describe('k8s workload checks over several containers', () => {
  const w = workload({
    containers: [
      container({ name: 'migrate', init: true, securityContext: securityContext({ privileged: true }), location: { startLine: 10, endLine: 18 } }),
      container({ name: 'web', location: { startLine: 20, endLine: 40 } }),
      container({ name: 'debug', securityContext: securityContext({ privileged: true }), location: { startLine: 41, endLine: 60 } }),
      container({ name: 'nolines', securityContext: securityContext({ privileged: true }), location: null }),
    ],
  });

  it('reports one failure per offending container, at its own lines, and nothing for the good one', () => {
    const results = run('k8s-workload-privileged', asWorkload(w));
    expect(results.map((r) => [r.status, r.reason, r.startLine, r.endLine])).toEqual([
      ['fail', 'privileged', 10, 18],
      ['fail', 'privileged', 41, 60],
      ['fail', 'privileged', 1, 80], // no location of its own: the resource's lines
    ]);
    expect(results.every((r) => r.path === 'deploy/web.yaml')).toBe(true);
    expect(results[0]!.message).toContain('init container "migrate"');
  });

  it('skips init containers for probes but judges them for security settings', () => {
    const probes = workload({ containers: [container({ name: 'migrate', init: true, livenessProbe: false }), container({ name: 'web', livenessProbe: false })] });
    const results = run('k8s-workload-liveness-probe', asWorkload(probes));
    expect(results.map((r) => [r.status, r.message])).toEqual([['fail', 'container "web" has no liveness probe']]);
  });

  it('reports a failing container and an unknown one side by side', () => {
    const mixed = workload({ containers: [container({ name: 'a', limits: { cpu: null, memory: null } }), container({ name: 'b', limits: { cpu: { $unknown: 'values.cpu' }, memory: '1Gi' } })] });
    expect(run('k8s-workload-cpu-limit', asWorkload(mixed)).map((r) => `${r.status}:${r.reason}`)).toEqual(['fail:no_cpu_limit', 'unknown:unknown_value']);
  });

  it('points a literal secret at the line of its variable', () => {
    const w2 = workload({ containers: [container({ env: [{ name: 'API_TOKEN', value: 'tok_live_5f2b9c1d', fromSecret: false, location: { startLine: 33, endLine: 33 } }] })] });
    const [r] = run('k8s-workload-env-secrets', asWorkload(w2));
    expect([r?.status, r?.startLine]).toEqual(['fail', 33]);
    expect(r?.message).not.toContain('tok_live_5f2b9c1d');
  });
});

describe('k8s RBAC checks and object names', () => {
  const wildcard: K8sRole = { kind: 'ClusterRole', namespace: null, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
  const role = (name: string | null, id: string): Resource<unknown> => ({ type: 'k8s.role', id, name, attributes: wildcard, source: src });

  it.each([
    ['system:controller:foo', 'ClusterRole//system:controller:foo'],
    ['cluster-admin', 'ClusterRole//cluster-admin'],
    [null, 'ClusterRole//system:kube-scheduler'],
  ])('does not judge roles shipped with Kubernetes (%s)', (name, id) => {
    for (const check of ['k8s-role-wildcard', 'k8s-role-secrets-access']) {
      expect(run(check, role(name, id)).map((r) => `${r.status}:${r.reason}`)).toEqual(['not_applicable:system_role']);
    }
  });

  it('judges a user role with the same rules', () => {
    expect(run('k8s-role-wildcard', role('ops-everything', 'ClusterRole//ops-everything')).map((r) => r.reason)).toEqual(['wildcard_verbs', 'wildcard_resources']);
    expect(run('k8s-role-secrets-access', role('ops-everything', 'ClusterRole//ops-everything')).map((r) => r.reason)).toEqual(['reads_secrets']);
  });

  it('reports each non-system subject bound to cluster-admin', () => {
    const binding: Resource<unknown> = {
      type: 'k8s.role-binding', id: 'ClusterRoleBinding//admins', name: 'admins', source: src,
      attributes: { kind: 'ClusterRoleBinding', namespace: null, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [
        { kind: 'Group', name: 'system:masters', namespace: null }, { kind: 'User', name: 'alice', namespace: null }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
      ] },
    };
    const results = run('k8s-role-binding-cluster-admin', binding);
    expect(results.map((r) => r.reason)).toEqual(['bound_to_cluster_admin', 'bound_to_cluster_admin']);
    expect(results[1]!.message).toContain('build/ci');
  });
});

describe('image references', () => {
  it.each([
    ['nginx', 'nginx', null, null],
    ['nginx:1.27', 'nginx', '1.27', null],
    ['registry.local:5000/team/app', 'registry.local:5000/team/app', null, null],
    ['registry.local:5000/team/app:v2', 'registry.local:5000/team/app', 'v2', null],
    [`app:1@sha256:${'ab'.repeat(32)}`, 'app', '1', `sha256:${'ab'.repeat(32)}`],
    ['app@sha256:nothex', 'app', null, null],
  ])('%s', (image, name, tag, digest) => {
    expect(parseImageRef(image)).toEqual({ name, tag, digest });
  });
});
