// Helpers for the checks over `k8s.workload`: judge each container, report one outcome per
// offending container (with its location), or a single pass.
import type { K8sContainer, K8sWorkload } from '../../../domain/resources/workloads.js';
import type { Outcome } from '../../types.js';
import { notApplicable, pass } from '../../util.js';

/** Kinds whose pods run to completion: long-running concerns (probes) do not apply. */
export const BATCH_KINDS = new Set(['Job', 'CronJob']);

/**
 * Runs `judge` on every container that `include` accepts (all by default). `judge` returns
 * null when the container is fine, else a fail or unknown outcome. The result is every
 * non-pass outcome, or one pass; not applicable when the workload has no such container.
 */
export function eachContainer(
  w: K8sWorkload,
  judge: (c: K8sContainer) => Outcome | null,
  include?: (c: K8sContainer) => boolean,
): Outcome | Outcome[] {
  let seen = 0;
  let out: Outcome[] | null = null;
  for (const c of w.containers) {
    if (include && !include(c)) continue;
    seen++;
    const o = judge(c);
    if (o) (out ??= []).push(o);
  }
  if (seen === 0) return notApplicable('no_containers');
  return out ?? pass();
}

/** `container "web"` or `init container "migrate"`, for messages. */
export const label = (c: K8sContainer): string => `${c.init ? 'init container' : 'container'} "${c.name}"`;
