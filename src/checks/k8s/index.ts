// Kubernetes checks: workloads, RBAC, services and ingresses.
import type { AnyCheck } from '../types.js';
import k8sIngressTls from './k8s-ingress-tls.js';
import k8sRoleBindingClusterAdmin from './k8s-role-binding-cluster-admin.js';
import k8sRoleSecretsAccess from './k8s-role-secrets-access.js';
import k8sRoleWildcard from './k8s-role-wildcard.js';
import k8sServiceExposed from './k8s-service-exposed.js';
import k8sWorkloadAddedCapabilities from './k8s-workload-added-capabilities.js';
import k8sWorkloadCpuLimit from './k8s-workload-cpu-limit.js';
import k8sWorkloadDropAllCapabilities from './k8s-workload-drop-all-capabilities.js';
import k8sWorkloadEnvSecrets from './k8s-workload-env-secrets.js';
import k8sWorkloadHostNamespaces from './k8s-workload-host-namespaces.js';
import k8sWorkloadHostPath from './k8s-workload-host-path.js';
import k8sWorkloadImageDigest from './k8s-workload-image-digest.js';
import k8sWorkloadImageTag from './k8s-workload-image-tag.js';
import k8sWorkloadLivenessProbe from './k8s-workload-liveness-probe.js';
import k8sWorkloadMemoryLimit from './k8s-workload-memory-limit.js';
import k8sWorkloadPrivilegeEscalation from './k8s-workload-privilege-escalation.js';
import k8sWorkloadPrivileged from './k8s-workload-privileged.js';
import k8sWorkloadReadOnlyRootFilesystem from './k8s-workload-read-only-root-filesystem.js';
import k8sWorkloadReadinessProbe from './k8s-workload-readiness-probe.js';
import k8sWorkloadRunAsNonRoot from './k8s-workload-run-as-non-root.js';
import k8sWorkloadServiceAccountToken from './k8s-workload-service-account-token.js';

export const k8sChecks = [
  k8sIngressTls,
  k8sRoleBindingClusterAdmin,
  k8sRoleSecretsAccess,
  k8sRoleWildcard,
  k8sServiceExposed,
  k8sWorkloadAddedCapabilities,
  k8sWorkloadCpuLimit,
  k8sWorkloadDropAllCapabilities,
  k8sWorkloadEnvSecrets,
  k8sWorkloadHostNamespaces,
  k8sWorkloadHostPath,
  k8sWorkloadImageDigest,
  k8sWorkloadImageTag,
  k8sWorkloadLivenessProbe,
  k8sWorkloadMemoryLimit,
  k8sWorkloadPrivilegeEscalation,
  k8sWorkloadPrivileged,
  k8sWorkloadReadOnlyRootFilesystem,
  k8sWorkloadReadinessProbe,
  k8sWorkloadRunAsNonRoot,
  k8sWorkloadServiceAccountToken,
] as AnyCheck[];
