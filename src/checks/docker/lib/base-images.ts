// The base-image checks: every stage that starts from an image of a registry (not scratch,
// not an earlier stage) is judged; builder stages count, their content ends up in the image.
import type { DockerStage, Dockerfile } from '../../../domain/resources/workloads.js';
import type { Outcome } from '../../types.js';
import { notApplicable, pass, unknownOutcome } from '../../util.js';
import { isTemplated, parseImageRef, type ImageRef } from './image-ref.js';

export function eachBaseImage(d: Dockerfile, judge: (ref: ImageRef, stage: DockerStage) => Outcome | null): Outcome | Outcome[] {
  if (d.stages.length === 0) return notApplicable('no_stages');
  let seen = 0;
  let out: Outcome[] | null = null;
  for (const stage of d.stages) {
    if (stage.fromStage || stage.baseImage.toLowerCase() === 'scratch') continue;
    seen++;
    if (isTemplated(stage.baseImage)) {
      (out ??= []).push(unknownOutcome('unknown_value', `the base image ${stage.baseImage} is set by a build variable`));
      continue;
    }
    const ref = parseImageRef(stage.baseImage);
    const o = judge({ ...ref, digest: ref.digest ?? stage.baseDigest }, stage);
    if (o) (out ??= []).push(o);
  }
  if (seen === 0) return notApplicable('no_registry_base_image');
  return out ?? pass();
}
