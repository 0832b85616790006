// RBAC helpers: which roles and subjects belong to Kubernetes itself.
import type { Resource } from '../../../domain/resources/index.js';

/** Roles Kubernetes ships and maintains: `system:*` and the user-facing ClusterRoles. */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** The object's name: the resource name, else the last segment of `<Kind>/<namespace>/<name>`. */
export const objectName = (r: Resource<unknown>): string => r.name ?? r.id.slice(r.id.lastIndexOf('/') + 1);

export function isSystemRole(r: Resource<{ kind: string }>): boolean {
  const name = objectName(r);
  return name.startsWith('system:') || (r.attributes.kind === 'ClusterRole' && BUILT_IN_CLUSTER_ROLES.has(name));
}

export const isSystemSubject = (name: string): boolean => name.startsWith('system:');
