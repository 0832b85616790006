// The Terraform collector: a folder of Terraform configuration (HCL2), or a plan in JSON, to
// normalized resources with their file and lines. Pure reading: nothing in a scanned file is
// executed or fetched (remote modules are reported and skipped).
import { readFileSync, statSync } from 'node:fs';
import type { Resource } from '../../domain/resources/index.js';
import { DEFAULT_MAX_FILE_BYTES, TerraformLoader } from './collect.js';
import type { Notice } from './eval/module.js';
import { normalize, NORMALIZED_TYPES } from './normalize/index.js';
import { readPlan } from './plan.js';

/** A file that could not be read, or a part of it that was skipped. `line` null when it concerns the whole file. */
export type TerraformProblem = Notice;

export interface TerraformCollection {
  resources: Resource[];
  problems: TerraformProblem[];
}

export interface TerraformOptions {
  /** Files larger than this are skipped with a problem. */
  maxFileBytes?: number;
  /** Loop iterations and function calls allowed in the whole collection, beyond which values stay unknown. */
  evaluationBudget?: number;
}

/**
 * Collects the Terraform under `paths` (folders, searched recursively, or .tf / .tfvars files).
 * A file with a syntax error is reported (file and line) and the rest goes on.
 */
export async function collectTerraform(paths: string[], options: TerraformOptions = {}): Promise<TerraformCollection> {
  const loader = new TerraformLoader(options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, (type) => NORMALIZED_TYPES.has(type), options.evaluationBudget);
  for (const p of paths) loader.add(p);
  const instances = loader.collect();
  const resources = normalize(instances, (n) => loader.notice(n));
  return { resources, problems: loader.notices };
}

const MAX_PLAN_BYTES = 512 * 1024 * 1024;

/** Collects a plan written by `terraform show -json <planfile>`; every resource points at line 1 of it. */
export async function collectTerraformPlan(path: string): Promise<TerraformCollection> {
  const problems: TerraformProblem[] = [];
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_PLAN_BYTES) return { resources: [], problems: [{ path, line: null, message: `skipped: ${size} bytes is over the ${MAX_PLAN_BYTES}-byte limit` }] };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { resources: [], problems: [{ path, line: null, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const instances = readPlan(path, text, (n) => problems.push(n));
  return { resources: normalize(instances, (n) => problems.push(n)), problems };
}
