// The probe checks: long-running workloads only, application containers only (init containers
// run to completion before the pod starts and take no probes).
import type { K8sWorkload } from '../../../domain/resources/workloads.js';
import type { Outcome } from '../../types.js';
import { fail, notApplicable } from '../../util.js';
import { BATCH_KINDS, eachContainer, label } from './workload.js';

export function judgeProbe(w: K8sWorkload, probe: 'livenessProbe' | 'readinessProbe', reason: string, what: string): Outcome | Outcome[] {
  if (BATCH_KINDS.has(w.kind)) return notApplicable('not_long_running');
  return eachContainer(w, (c) => (c[probe] ? null : fail(reason, `${label(c)} has no ${what} probe`, c.location)), (c) => !c.init);
}
