// Shared by the CloudFormation collector tests: run the collector on a fixture template and
// look resources up by logical id.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { collectCloudFormation, type CloudFormationResult } from '../../../src/collectors/cloudformation/index.js';
import type { Resource } from '../../../src/domain/resources/index.js';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export interface Collected extends CloudFormationResult {
  /** The one resource with this id suffix (`#LogicalId`, `#User.Policies[0]`). */
  get(logicalId: string): Resource;
  has(logicalId: string): boolean;
}

export function collect(name: string, text = fixture(name)): Collected {
  const path = `infra/${name}`;
  const result = collectCloudFormation(path, text);
  const find = (logicalId: string) => result.resources.filter((r) => r.id === `${path}#${logicalId}`);
  return {
    ...result,
    get(logicalId) {
      const found = find(logicalId);
      expect(found.map((r) => r.id), `resource ${logicalId}`).toEqual([`${path}#${logicalId}`]);
      return found[0]!;
    },
    has: (logicalId) => find(logicalId).length > 0,
  };
}

/** A file resource's line range. */
export function lines(r: Resource): [number, number] {
  if (r.source.kind !== 'file') throw new Error(`${r.id} has no file source`);
  return [r.source.startLine, r.source.endLine];
}

/** The resource id the collector gives a logical id of a fixture (as `collect` names its path). */
export const idOf = (name: string, logicalId: string): string => `infra/${name}#${logicalId}`;
