// Evaluated Terraform resources (from HCL or a plan) → normalized resources, family by family.
// Each family reads its primary resources and folds in the companions that configure them.
import type { Resource } from '../../../domain/resources/index.js';
import type { Notice } from '../eval/module.js';
import type { NormalizeContext, TfResource } from './common.js';
import { dynamodb, ebs, ecr, kms, messaging, rds, secrets } from './data.js';
import { cloudTrail, config, eks, guardDuty } from './governance.js';
import { iam } from './iam.js';
import { cloudFront, loadBalancers, securityGroups, vpcs } from './network.js';
import { s3 } from './s3.js';

const FAMILIES = [s3, cloudTrail, rds, ebs, kms, iam, securityGroups, vpcs, loadBalancers, cloudFront, guardDuty, config, dynamodb, ecr, messaging, secrets, eks];

/** The Terraform resource types the families read: asked of an empty context once. */
export const NORMALIZED_TYPES: ReadonlySet<string> = (() => {
  const types = new Set<string>();
  for (const family of FAMILIES) family({ of: (type) => (types.add(type), []), notice: () => undefined });
  return types;
})();

export function normalize(resources: TfResource[], notice: (n: Notice) => void): Resource[] {
  const byType = new Map<string, TfResource[]>();
  for (const r of resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  const ctx: NormalizeContext = { of: (type) => byType.get(type) ?? [], notice };
  // Each family builds its own typed shapes (aws.ts); the collection is the generic Resource.
  const out: Resource[] = [];
  for (const family of FAMILIES) {
    try {
      out.push(...(family(ctx) as Resource[]));
    } catch (e) {
      // A bug of ours on some unforeseen input must not lose the rest of the scan.
      notice({ path: resources[0]?.path ?? '.', line: null, message: `cannot normalize the ${family.name} resources: ${(e as Error).message}` });
    }
  }
  return out;
}

export type { TfResource } from './common.js';
