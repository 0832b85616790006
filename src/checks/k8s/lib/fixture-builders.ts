// Builders for the k8s fixtures: a hardened workload that passes every check, overridden
// field by field to make each fixture say one thing.
import type { K8sContainer, K8sSecurityContext, K8sWorkload } from '../../../domain/resources/workloads.js';

export const securityContext = (over: Partial<K8sSecurityContext> = {}): K8sSecurityContext => ({
  privileged: false, allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true,
  capabilitiesAdd: [], capabilitiesDrop: ['ALL'], ...over,
});

export const container = (over: Partial<K8sContainer> = {}): K8sContainer => ({
  name: 'web',
  image: `ghcr.io/acme/web:1.4.2@sha256:${'a1'.repeat(32)}`,
  init: false,
  securityContext: securityContext(),
  limits: { cpu: '500m', memory: '256Mi' },
  requests: { cpu: '100m', memory: '128Mi' },
  env: [
    { name: 'LOG_LEVEL', value: 'info', fromSecret: false, location: { startLine: 30, endLine: 31 } },
    { name: 'DB_PASSWORD', value: null, fromSecret: true, location: { startLine: 32, endLine: 36 } },
  ],
  livenessProbe: true,
  readinessProbe: true,
  location: { startLine: 20, endLine: 50 },
  ...over,
});

export const workload = (over: Partial<K8sWorkload> = {}): K8sWorkload => ({
  kind: 'Deployment', namespace: 'shop', hostNetwork: false, hostPID: false, hostIPC: false, hostPathVolumes: [],
  serviceAccountName: 'web', automountServiceAccountToken: false, containers: [container()], ...over,
});

/** A workload whose one container has these security settings. */
export const withContext = (over: Partial<K8sSecurityContext>, kind = 'Deployment'): K8sWorkload =>
  workload({ kind, containers: [container({ securityContext: securityContext(over) })] });

/** A workload with no containers: nothing runs, nothing to judge. */
export const empty = (): K8sWorkload => workload({ containers: [] });
