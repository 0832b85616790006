// A pod spec, wherever it sits (Pod.spec, <controller>.spec.template.spec,
// CronJob.spec.jobTemplate.spec.template.spec), normalized to the workload shape.
import type { K8sContainer, K8sEnvVar, K8sSecurityContext, K8sWorkload } from '../../domain/resources/workloads.js';
import { isPlainObject, type At, type YamlSource } from './yaml-tree.js';
import { boolOr, boolOrNull, intOrNull, quantityOrNull, stringList, stringOrNull, stringRequired, text } from './values.js';

type PodFields = Omit<K8sWorkload, 'kind' | 'namespace'>;

export function readPodSpec(src: YamlSource, spec: At, doc: number): PodFields {
  const s = isPlainObject(spec.js) ? spec.js : {};
  const podContext = isPlainObject(s.securityContext) ? s.securityContext : {};
  const containers: K8sContainer[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    src.items(src.child(spec, field, doc), doc).forEach((c, i) => {
      if (isPlainObject(c.js)) containers.push(readContainer(src, c, doc, init, podContext, `${field}[${i}]`));
    });
  }
  const hostPathVolumes: PodFields['hostPathVolumes'] = [];
  for (const v of Array.isArray(s.volumes) ? s.volumes : []) {
    if (isPlainObject(v) && isPlainObject(v.hostPath)) {
      const name = text(v.name);
      hostPathVolumes.push({ name, path: stringRequired(v.hostPath.path, `volumes.${name}.hostPath.path`) });
    }
  }
  return {
    hostNetwork: boolOr(s.hostNetwork, 'hostNetwork', false),
    hostPID: boolOr(s.hostPID, 'hostPID', false),
    hostIPC: boolOr(s.hostIPC, 'hostIPC', false),
    hostPathVolumes,
    // `serviceAccount` is the deprecated spelling; without either the pod runs as "default".
    serviceAccountName: stringOrNull(s.serviceAccountName ?? s.serviceAccount, 'serviceAccountName') ?? 'default',
    // Without the pod's own setting, the service account decides: not visible from the pod.
    automountServiceAccountToken: boolOrNull(s.automountServiceAccountToken, 'automountServiceAccountToken'),
    containers,
  };
}

function readContainer(src: YamlSource, c: At, doc: number, init: boolean, pod: Record<string, unknown>, path: string): K8sContainer {
  const js = c.js as Record<string, unknown>;
  const resources = isPlainObject(js.resources) ? js.resources : {};
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  const env: K8sEnvVar[] = [];
  src.items(src.child(c, 'env', doc), doc).forEach((e) => {
    if (!isPlainObject(e.js)) return;
    const valueFrom = e.js.valueFrom;
    const hasValueFrom = valueFrom !== undefined && valueFrom !== null;
    env.push({
      name: text(e.js.name),
      // An entry without value or valueFrom is the empty string, as Kubernetes reads it.
      value: hasValueFrom ? null : e.js.value === undefined || e.js.value === null ? '' : text(e.js.value),
      fromSecret: isPlainObject(valueFrom) && isPlainObject(valueFrom.secretKeyRef),
      location: src.rangeOf(e.node, doc),
    });
  });
  return {
    name: text(js.name),
    image: stringRequired(js.image, `${path}.image`),
    init,
    securityContext: securityContext(js.securityContext, pod, path),
    limits: { cpu: quantityOrNull(limits.cpu, `${path}.resources.limits.cpu`), memory: quantityOrNull(limits.memory, `${path}.resources.limits.memory`) },
    requests: { cpu: quantityOrNull(requests.cpu, `${path}.resources.requests.cpu`), memory: quantityOrNull(requests.memory, `${path}.resources.requests.memory`) },
    env,
    livenessProbe: isPlainObject(js.livenessProbe),
    readinessProbe: isPlainObject(js.readinessProbe),
    location: src.rangeOf(c.node, doc),
  };
}

/**
 * The effective security context: the container's own field, else the pod's where Kubernetes
 * inherits it (runAsNonRoot, runAsUser), else null. The other fields exist only per container.
 */
function securityContext(own: unknown, pod: Record<string, unknown>, path: string): K8sSecurityContext {
  const sc = isPlainObject(own) ? own : {};
  const caps = isPlainObject(sc.capabilities) ? sc.capabilities : {};
  const inherited = (field: 'runAsNonRoot' | 'runAsUser') => (sc[field] !== undefined && sc[field] !== null ? [sc[field], `${path}.securityContext.${field}`] as const : [pod[field], `securityContext.${field}`] as const);
  const [nonRoot, nonRootPath] = inherited('runAsNonRoot');
  const [user, userPath] = inherited('runAsUser');
  return {
    privileged: boolOrNull(sc.privileged, `${path}.securityContext.privileged`),
    allowPrivilegeEscalation: boolOrNull(sc.allowPrivilegeEscalation, `${path}.securityContext.allowPrivilegeEscalation`),
    runAsNonRoot: boolOrNull(nonRoot, nonRootPath),
    runAsUser: intOrNull(user, userPath),
    readOnlyRootFilesystem: boolOrNull(sc.readOnlyRootFilesystem, `${path}.securityContext.readOnlyRootFilesystem`),
    capabilitiesAdd: stringList(caps.add),
    capabilitiesDrop: stringList(caps.drop),
  };
}
