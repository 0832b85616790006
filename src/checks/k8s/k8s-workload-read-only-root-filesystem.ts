import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-read-only-root-filesystem',
    title: 'Containers have a read-only root file system',
    description: 'With a read-only root file system, an attacker who gets code execution cannot drop tools or alter the application in place. Paths the application must write to are mounted as volumes (an emptyDir for temporary files).',
    severity: 'medium',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Set `readOnlyRootFilesystem: true` and mount an emptyDir where the application writes.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - { name: tmp, mountPath: /tmp }
volumes:
  - { name: tmp, emptyDir: {} }`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const v = c.securityContext.readOnlyRootFilesystem;
      if (isUnknown(v)) return unknownOutcome('unknown_value', `whether ${label(c)} has a read-only root file system depends on ${v.$unknown}`);
      return v === true ? null : fail('writable_root_filesystem', `${label(c)} can write to its root file system`, c.location);
    });
  },
});
