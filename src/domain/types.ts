// Core vocabulary of Attest. Pure types: no I/O.

export const CATEGORIES = ['security', 'availability', 'confidentiality', 'processing_integrity', 'privacy'] as const;
export type Category = (typeof CATEGORIES)[number];

export const FREQUENCIES = ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annually', 'per-event'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export type Automation = 'automated' | 'manual';
export type Nature = 'preventive' | 'detective';

export interface Soc2Category {
  id: Category;
  title: string;
  description: string;
}

export interface Soc2Group {
  id: string;
  category: Category;
  title: string;
}

export interface Criterion {
  id: string;
  category: Category;
  group: string;
  groupTitle: string;
  title: string;
  description: string;
  pointsOfFocus: string[];
}

export interface Requirement {
  id: string;
  kind: string;
  parent: string | null;
  title: string;
  description: string;
  /** HIPAA only: true = required, false = addressable. */
  required?: boolean;
}

export interface Framework {
  id: string;
  name: string;
  version: string;
  kinds: string[];
  requirements: Requirement[];
}

export interface LibraryControl {
  id: string;
  title: string;
  description: string;
  domain: string;
  ownerRole: string;
  frequency: Frequency;
  automation: Automation;
  nature: Nature;
  evidence: string[];
  criteria: string[];
  mappings: Record<string, string[]>;
}

export interface Catalog {
  /** Digest of the content files: changes whenever any shipped text or mapping changes. */
  digest: string;
  soc2: { id: string; name: string; version: string; categories: Soc2Category[]; groups: Soc2Group[]; criteria: Criterion[] };
  frameworks: Framework[];
  controls: LibraryControl[];
}

export type ReportType = 'type1' | 'type2';

export interface SubserviceOrganization {
  name: string;
  services: string;
  method: 'carve-out' | 'inclusive';
  csocs: string[];
}

/** The system description fields of DC 200 (see ../shared/domain/SOC2.md). */
export interface SystemDescription {
  services: string;
  commitments: string;
  components: { infrastructure: string; software: string; people: string; procedures: string; data: string };
  boundaries: string;
  incidents: string;
  cuecs: string[];
  subserviceOrganizations: SubserviceOrganization[];
  criteriaNotRelevant: { criterion: string; reason: string }[];
  significantChanges: string;
}

export interface AuditScope {
  categories: Category[];
  reportType: ReportType;
  asOf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  systemDescription: SystemDescription;
  updatedAt: string;
}

export function emptySystemDescription(): SystemDescription {
  return {
    services: '',
    commitments: '',
    components: { infrastructure: '', software: '', people: '', procedures: '', data: '' },
    boundaries: '',
    incidents: '',
    cuecs: [],
    subserviceOrganizations: [],
    criteriaNotRelevant: [],
    significantChanges: '',
  };
}
