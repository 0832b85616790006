import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';

/** Paths that hand over the node outright: its root, its configuration, the container runtime's socket, the kubelet's credentials. */
const SENSITIVE = /^\/(?:$|etc(\/|$)|root(\/|$)|proc(\/|$)|sys(\/|$)|dev(\/|$)|boot(\/|$)|var\/lib\/kubelet(\/|$)|var\/lib\/docker(\/|$)|var\/lib\/containerd(\/|$)|(var\/)?run\/(docker|containerd|crio|cri-dockerd)[^/]*\.sock$|(var\/)?run\/(containerd|crio)(\/|$))/;

export default defineCheck({
  meta: {
    id: 'k8s-workload-host-path',
    title: 'Pods do not mount directories of the node',
    description: 'A hostPath volume gives the pod files of the node itself; depending on the path that means reading other pods\' data, the kubelet\'s credentials or the container runtime socket, which is full control of the node. Mounting the node root, /etc, /proc or a runtime socket is reported as sensitive.',
    severity: 'high',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Use an emptyDir, a ConfigMap, a Secret or a persistent volume claim instead of a hostPath volume.',
      snippet: {
        language: 'yaml',
        code: `volumes:
  - name: cache
    emptyDir: {}`,
      },
    },
  },
  evaluate({ attributes: { hostPathVolumes, containers } }) {
    if (containers.length === 0) return notApplicable('no_containers');
    if (hostPathVolumes.length === 0) return pass();
    const out: Outcome[] = [];
    for (const { name, path } of hostPathVolumes) {
      if (isUnknown(path)) out.push(fail('host_path_volume', `volume "${name}" mounts a directory of the node (path depends on ${path.$unknown})`));
      else if (SENSITIVE.test(path.replace(/\/+$/, '') || '/')) out.push(fail('sensitive_host_path', `volume "${name}" mounts ${path} of the node`));
      else out.push(fail('host_path_volume', `volume "${name}" mounts ${path} of the node`));
    }
    return out;
  },
});
