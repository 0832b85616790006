// Shared by the Terraform collector tests: fixture folders and lookups by resource id.
import { join } from 'node:path';
import { expect } from 'vitest';
import { collectTerraform, type TerraformCollection } from '../../../src/collectors/terraform/index.js';
import type { Resource, ResourceType, ResourceTypes } from '../../../src/domain/resources/index.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

export const collectFixture = (name: string): Promise<TerraformCollection> => collectTerraform([fixture(name)]);

/** The resource with this id and type; fails the test when there is none. */
export function get<T extends ResourceType>(resources: Resource[], type: T, id: string): Resource<ResourceTypes[T]> {
  const found = resources.filter((r) => r.id === id && r.type === type);
  expect(found.map((r) => r.id), `${type} ${id} among ${resources.map((r) => r.id).join(', ')}`).toEqual([id]);
  return found[0] as unknown as Resource<ResourceTypes[T]>;
}

export const ids = (resources: Resource[], type: string): string[] => resources.filter((r) => r.type === type).map((r) => r.id);
