// Who is calling: their permissions (GET /api/auth/me), the roles they may grant, names for
// the actors of the audit log.
import { useApi, type Resource } from './client';
import { ROLES, type Caller, type MemberDetail, type Role } from './accounts';

export interface Permissions {
  caller: Caller | undefined;
  can: (permission: string) => boolean;
  resource: Resource<Caller>;
}

/** The caller's permissions, to show or hide what their role may do. */
export function usePermissions(): Permissions {
  const resource = useApi<Caller>('/api/auth/me');
  const caller = resource.data;
  return { caller, can: (p) => caller?.permissions.includes(p) ?? false, resource };
}

/** Roles `caller` may hand out: only owners grant owner (the server also refuses a role above the caller's). */
export const grantableRoles = (caller: Caller | undefined): Role[] => ROLES.filter((r) => r !== 'owner' || caller?.role === 'owner');

export interface ActorNames {
  /** A person's name for an actor. */
  name: (actor: string) => string;
  /** The actors the caller knows of: every member (`user:<id>`), the local command, the scheduler. */
  actors: string[];
}

/**
 * Names for audit-log actors (`user:<id>`, `token:<id>`, `cli`, `system`): members by name
 * when the caller may list them (members:read), else a shortened id.
 */
export function useActorNames(caller: Caller | undefined): ActorNames {
  const members = useApi<MemberDetail[]>(caller?.permissions.includes('members:read') ? '/api/members' : null);
  const byId = new Map((members.data ?? []).map((m) => [m.id, m]));
  const name = (actor: string) => {
    const [kind, id] = actor.split(':', 2) as [string, string | undefined];
    if (kind === 'user' && id) {
      const m = byId.get(id);
      return m ? m.name || m.email : `a member (${id.slice(0, 8)})`;
    }
    if (kind === 'token' && id) return `API token ${id.slice(0, 8)}`;
    if (actor === 'cli') return 'the attest command';
    if (actor === 'system') return 'Attest (scheduled)';
    return actor;
  };
  return { name, actors: [...(members.data ?? []).map((m) => `user:${m.id}`), 'cli', 'system'] };
}
