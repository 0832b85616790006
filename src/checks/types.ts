// A check: declarative metadata and a pure `evaluate` over one normalized resource.
// Checks never fetch; they see only the resource.
import type { LineRange, Resource, ResourceType, ResourceTypes, TypedResource } from '../domain/resources/index.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CheckMeta<T extends ResourceType = ResourceType> {
  /** kebab-case, equal to the file name: `aws-s3-bucket-encryption`. */
  id: string;
  title: string;
  /** What is checked and why it matters, in our words (1-3 sentences). */
  description: string;
  severity: Severity;
  resourceType: T;
  /** Library control ids this check evidences (their criteria follow from the library). */
  controls: string[];
  remediation: {
    text: string;
    /** A corrected example; `language` is terraform | cloudformation | yaml | dockerfile. */
    snippet?: { language: 'terraform' | 'cloudformation' | 'yaml' | 'dockerfile'; code: string };
  };
}

export type Outcome =
  | { status: 'pass' }
  /** `severity` overrides the check's for this finding (a secret's severity depends on its kind). */
  | { status: 'fail'; reason: string; message: string; location?: LineRange; severity?: Severity }
  | { status: 'not_applicable'; reason: string }
  | { status: 'unknown'; reason: string; message: string };

export interface Check<T extends ResourceType = ResourceType> {
  meta: CheckMeta<T>;
  /** Pure. One outcome, or several (one per offending rule, container, step…). */
  evaluate(resource: TypedResource<T>): Outcome | Outcome[];
}

/** Fixtures beside each check (`<id>.fixtures.ts`), run by the shared tester. */
export interface CheckFixtures<T extends ResourceType = ResourceType> {
  pass: ResourceTypes[T][];
  fail: { attributes: ResourceTypes[T]; reason: string }[];
  /** At least one of these two lists is non-empty. */
  notApplicable: { attributes: ResourceTypes[T]; reason: string }[];
  unknown: { attributes: ResourceTypes[T]; reason: string }[];
}

export const defineCheck = <T extends ResourceType>(check: Check<T>): Check<T> => check;
export const defineFixtures = <T extends ResourceType>(_type: T, fixtures: CheckFixtures<T>): CheckFixtures<T> => fixtures;

export type AnyCheck = Check<ResourceType>;
export type AnyResource = Resource<unknown>;
