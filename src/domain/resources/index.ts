// Normalized resources: what collectors produce and checks judge. One type per kind of thing,
// whatever the source (Terraform, CloudFormation, the AWS API…): an S3 bucket is `aws.s3.bucket`.
//
// Conventions for attribute values (see docs/RESOURCES.md):
// - a concrete value: what the source says, with the provider's documented default filled in
//   when the source leaves a setting out (an S3 bucket without a versioning block: false);
// - `Unknown` ({ $unknown: "<expression>" }): depends on a value that cannot be known
//   statically (a variable without a default, a data source, a computed attribute). Checks
//   answer `unknown` on it, never `fail`;
// - `null`: this source cannot say at all (root access keys in Terraform, say). Checks answer
//   `not_applicable` with reason `not_observable`.

export interface Unknown {
  $unknown: string;
}

/** A value that may be unknown statically. */
export type V<T> = T | Unknown;

export function isUnknown(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && typeof (v as { $unknown?: unknown }).$unknown === 'string';
}

export const unknown = (expression: string): Unknown => ({ $unknown: expression });

export type SourceFormat = 'terraform' | 'terraform-plan' | 'cloudformation' | 'kubernetes' | 'dockerfile' | 'github-actions' | 'text';

export type ResourceSource =
  | { kind: 'file'; format: SourceFormat; path: string; startLine: number; endLine: number }
  | { kind: 'cloud'; provider: 'aws'; account: string; region: string };

export interface Resource<A = Record<string, unknown>> {
  /** e.g. `aws.s3.bucket`, `k8s.workload`, `container.dockerfile`, `ci.github.workflow`. */
  type: string;
  /** Stable within its source: `aws_s3_bucket.logs`, `template.yaml#LogsBucket`, `Deployment/default/web`, an ARN. */
  id: string;
  /** A human name (bucket name, workload name) when there is one. */
  name: string | null;
  attributes: A;
  source: ResourceSource;
}

/** A line range inside the resource's file, for findings more precise than the whole resource. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

import type { AwsResourceTypes } from './aws.js';
import type { WorkloadResourceTypes } from './workloads.js';

/** Every resource type Attest knows, with its attribute shape. */
export type ResourceTypes = AwsResourceTypes & WorkloadResourceTypes;
export type ResourceType = keyof ResourceTypes;
export type TypedResource<T extends ResourceType> = Resource<ResourceTypes[T]> & { type: T };
