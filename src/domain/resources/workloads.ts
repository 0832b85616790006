// Kubernetes objects, container images (Dockerfiles), CI workflows and secret candidates.
import type { LineRange, V } from './index.js';

export interface K8sSecurityContext {
  privileged: V<boolean> | null;
  allowPrivilegeEscalation: V<boolean> | null;
  runAsNonRoot: V<boolean> | null;
  runAsUser: V<number> | null;
  readOnlyRootFilesystem: V<boolean> | null;
  capabilitiesAdd: V<string>[];
  capabilitiesDrop: V<string>[];
}

export interface K8sEnvVar {
  name: string;
  /** A literal value; null when it comes from valueFrom (secretKeyRef, configMapKeyRef…). */
  value: V<string> | null;
  fromSecret: boolean;
  location: LineRange | null;
}

export interface K8sContainer {
  name: string;
  image: V<string>;
  /** An init container (probes do not apply to them). */
  init: boolean;
  /** Effective settings: the container's own, else the pod's, else null when neither says. */
  securityContext: K8sSecurityContext;
  limits: { cpu: V<string> | null; memory: V<string> | null };
  requests: { cpu: V<string> | null; memory: V<string> | null };
  env: K8sEnvVar[];
  livenessProbe: boolean;
  readinessProbe: boolean;
  location: LineRange | null;
}

/** Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob: normalized to their pod spec. */
export interface K8sWorkload {
  kind: string;
  namespace: string;
  hostNetwork: V<boolean>;
  hostPID: V<boolean>;
  hostIPC: V<boolean>;
  hostPathVolumes: { name: string; path: V<string> }[];
  serviceAccountName: V<string> | null;
  automountServiceAccountToken: V<boolean> | null;
  containers: K8sContainer[];
}

export interface K8sService {
  namespace: string;
  serviceType: V<string>;
  ports: { port: V<number>; targetPort: V<string | number> | null; protocol: V<string> }[];
}

export interface K8sIngress {
  namespace: string;
  hosts: V<string>[];
  /** Hosts covered by a TLS section. */
  tlsHosts: V<string>[];
  hasTls: boolean;
}

export interface K8sNetworkPolicy {
  namespace: string;
  /** An empty selector selects every pod of the namespace. */
  selectsAllPods: boolean;
  policyTypes: string[];
}

export interface K8sRbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Names the rule is restricted to; absent or empty: every object of those resources. */
  resourceNames?: string[];
}

/** Role or ClusterRole. */
export interface K8sRole {
  kind: 'Role' | 'ClusterRole';
  namespace: string | null;
  rules: K8sRbacRule[];
}

/** RoleBinding or ClusterRoleBinding. */
export interface K8sRoleBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace: string | null;
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace: string | null }[];
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, USER, ADD… */
  keyword: string;
  /** The arguments as written, continuation lines joined. */
  value: string;
  location: LineRange;
}

export interface DockerStage {
  name: string | null;
  /** FROM image as written: `node:20-alpine`, `scratch`, `builder`, `${BASE}`. */
  baseImage: string;
  /** The tag, `latest` when none is given; null when the image is another stage or scratch. */
  baseTag: string | null;
  baseDigest: string | null;
  /** The FROM refers to an earlier stage by name. */
  fromStage: boolean;
  instructions: DockerInstruction[];
}

export interface Dockerfile {
  stages: DockerStage[];
  /** The last USER of the final stage; null when it sets none (runs as root). */
  finalUser: string | null;
  finalHealthcheck: boolean;
}

export interface WorkflowStep {
  name: string | null;
  uses: string | null;
  run: string | null;
  with: Record<string, string>;
  location: LineRange;
}

export interface WorkflowJob {
  id: string;
  /** 'write-all' | 'read-all' | scope → level; null when the job sets none. */
  permissions: string | Record<string, string> | null;
  steps: WorkflowStep[];
  /** A reusable workflow call: `uses:` at job level. */
  uses: string | null;
  location: LineRange;
}

export interface GithubWorkflow {
  workflowName: string | null;
  /** Event names: push, pull_request, pull_request_target, workflow_dispatch… */
  triggers: string[];
  permissions: string | Record<string, string> | null;
  jobs: WorkflowJob[];
}

export interface SecretCandidate {
  /** aws-access-key-id, aws-secret-access-key, private-key, github-token, slack-token, stripe-key, generic-api-key… */
  kind: string;
  /** The match with all but a few characters masked: AKIA************MPLE. */
  masked: string;
  location: LineRange;
}

export interface WorkloadResourceTypes {
  'k8s.workload': K8sWorkload;
  'k8s.service': K8sService;
  'k8s.ingress': K8sIngress;
  'k8s.network-policy': K8sNetworkPolicy;
  'k8s.role': K8sRole;
  'k8s.role-binding': K8sRoleBinding;
  'container.dockerfile': Dockerfile;
  'ci.github.workflow': GithubWorkflow;
  'secret.candidate': SecretCandidate;
}
