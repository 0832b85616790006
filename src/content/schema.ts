// Shapes of the shipped content files (see docs/CONTENT.md). Validated at load.
import { Type, type Static } from '@sinclair/typebox';
import { CATEGORIES, FREQUENCIES } from '../domain/types.js';

const Text = Type.String({ minLength: 1 });
const Id = Type.String({ minLength: 1, pattern: '^\\S+$' });

export const Soc2File = Type.Object({
  id: Id,
  name: Text,
  version: Text,
  categories: Type.Array(Type.Object({ id: Type.Union(CATEGORIES.map((c) => Type.Literal(c))), title: Text, description: Text }, { additionalProperties: false })),
  groups: Type.Array(Type.Object({ id: Id, category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))), title: Text }, { additionalProperties: false })),
  criteria: Type.Array(
    Type.Object(
      { id: Id, group: Id, title: Text, description: Text, points_of_focus: Type.Array(Text, { minItems: 1 }) },
      { additionalProperties: false },
    ),
  ),
}, { additionalProperties: false });
export type Soc2File = Static<typeof Soc2File>;

export const FrameworkFile = Type.Object({
  id: Id,
  name: Text,
  version: Text,
  kinds: Type.Array(Id, { minItems: 1 }),
  requirements: Type.Array(
    Type.Object(
      { id: Id, kind: Id, parent: Type.Optional(Id), title: Text, description: Text, required: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
}, { additionalProperties: false });
export type FrameworkFile = Static<typeof FrameworkFile>;

export const ControlEntry = Type.Object({
  id: Type.String({ pattern: '^[A-Z]{2,4}-\\d{2,3}$' }),
  title: Text,
  description: Text,
  domain: Id,
  owner_role: Text,
  frequency: Type.Union(FREQUENCIES.map((f) => Type.Literal(f))),
  automation: Type.Union([Type.Literal('automated'), Type.Literal('manual')]),
  nature: Type.Union([Type.Literal('preventive'), Type.Literal('detective')]),
  evidence: Type.Array(Text, { minItems: 1 }),
  criteria: Type.Array(Id, { minItems: 1 }),
  mappings: Type.Optional(Type.Record(Id, Type.Array(Id))),
}, { additionalProperties: false });
export const ControlsFile = Type.Array(ControlEntry);
export type ControlEntry = Static<typeof ControlEntry>;
