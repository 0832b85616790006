// The resource-limit checks: one per resource (cpu, memory), same rules.
import { isUnknown, type V } from '../../../domain/resources/index.js';
import type { K8sContainer } from '../../../domain/resources/workloads.js';
import type { Outcome } from '../../types.js';
import { fail, unknownOutcome } from '../../util.js';
import { label } from './workload.js';

/** A quantity that sets no bound: absent, empty or zero. */
const isUnbounded = (q: string): boolean => q.trim() === '' || /^0+(\.0+)?[a-zA-Z]*$/.test(q.trim());

export function judgeLimit(c: K8sContainer, resource: 'cpu' | 'memory'): Outcome | null {
  const v: V<string> | null = c.limits[resource];
  if (isUnknown(v)) return unknownOutcome('unknown_value', `the ${resource} limit of ${label(c)} depends on ${v.$unknown}`);
  if (v === null || isUnbounded(String(v))) return fail(`no_${resource}_limit`, `${label(c)} sets no ${resource} limit`, c.location);
  return null;
}
