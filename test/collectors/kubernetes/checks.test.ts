// The collector feeds the check catalog: every resource collected from the fixtures is judged
// without a check error, and a few findings prove that the shapes mean what the checks read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/checks/engine.js';
import { checks } from '../../../src/checks/registry.js';
import { collectKubernetes } from '../../../src/collectors/kubernetes/index.js';

const files = ['workloads.yaml', 'network.yaml', 'rbac.json', 'broken.yaml'];
const results = evaluate(checks, files.flatMap((f) => collectKubernetes(f, readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8')).resources));
const outcomes = (checkId: string, resourceId: string) =>
  results.filter((r) => r.checkId === checkId && r.resourceId === resourceId).map((r) => [r.status, r.reason, r.startLine]);

describe('collected Kubernetes resources under the check catalog', () => {
  it('are judged by every applicable check without a check error', () => {
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.checkId} ${r.resourceId}: ${r.message}`)).toEqual([]);
  });

  it('judge the effective security context, at the lines of the container', () => {
    // runAsNonRoot inherited from the pod, runAsUser 0 of the container's own.
    expect(outcomes('k8s-workload-run-as-non-root', 'Deployment/shop/web')).toEqual([['fail', 'runs_as_uid_0', 20]]);
    expect(outcomes('k8s-workload-privileged', 'CronJob/default/nightly')).toEqual([['fail', 'privileged', 75]]);
  });

  it('answer unknown, never fail, on values left templated or of the wrong type', () => {
    expect(outcomes('k8s-workload-privileged', 'Pod/default/debug').map((o) => o[0])).toEqual(['unknown']);
    expect(outcomes('k8s-workload-image-tag', 'Pod/default/debug').map((o) => o[0])).toEqual(['unknown']);
  });

  it('judge RBAC, ingress and host settings from their normalized shapes', () => {
    expect(outcomes('k8s-role-wildcard', 'ClusterRole/god').map((o) => o[1])).toEqual(['wildcard_verbs', 'wildcard_resources']);
    expect(outcomes('k8s-ingress-tls', 'Ingress/shop/web')).toEqual([['fail', 'host_without_tls', 15]]);
    expect(outcomes('k8s-workload-host-path', 'CronJob/default/nightly').map((o) => o[1])).toEqual(['sensitive_host_path']);
  });
});
