// IAM: policies (inline resources, managed policies, and the inline policies of users and
// groups), users with their access keys, roles.
//
// An AWS::IAM::Policy (or UserPolicy/RolePolicy/GroupPolicy) is an inline policy of each
// principal it names: it becomes an `aws.iam.policy` and also appears in the principal's inline
// policies. A user's or group's own `Policies` become `aws.iam.policy` resources too, since the
// user shape keeps only their names; a role carries its inline documents itself.
import type { IamPolicy, IamRole } from '../../../domain/resources/aws.js';
import { unknown, type Resource, type V } from '../../../domain/resources/index.js';
import type { Context, Normalizer, TemplateResource } from '../context.js';
import { at, items, policyDocument, str, unknownOf } from '../values.js';

/** Inline-policy resource types → the property naming their principals, per principal kind. */
const INLINE_POLICY_TYPES: Record<string, { users: string; roles: string; groups: string }> = {
  'AWS::IAM::Policy': { users: 'Users', roles: 'Roles', groups: 'Groups' },
  'AWS::IAM::UserPolicy': { users: 'UserName', roles: '', groups: '' },
  'AWS::IAM::RolePolicy': { users: '', roles: 'RoleName', groups: '' },
  'AWS::IAM::GroupPolicy': { users: '', roles: '', groups: 'GroupName' },
};
const KINDS = [['users', 'user', 'AWS::IAM::User'], ['roles', 'role', 'AWS::IAM::Role'], ['groups', 'group', 'AWS::IAM::Group']] as const;

function attachedTo(r: TemplateResource, ctx: Context, props: { users: string; roles: string; groups: string }): string[] {
  const out: string[] = [];
  for (const [kind, prefix, type] of KINDS) {
    if (!props[kind]) continue;
    for (const p of items(r.get(props[kind]))) out.push(`${prefix}:${ctx.principalId(p, type)}`);
  }
  return out;
}

export const inlinePolicy: Normalizer = (r, ctx) => {
  const props = INLINE_POLICY_TYPES[r.type]!;
  const policyName = str(r.get('PolicyName'));
  return [ctx.emit(r, 'aws.iam.policy', policyName, {
    policyName,
    document: policyDocument(r.get('PolicyDocument')) ?? unknown('PolicyDocument'),
    attachedTo: attachedTo(r, ctx, props),
  })];
};

export const managedPolicy: Normalizer = (r, ctx) => {
  const policyName = str(r.get('ManagedPolicyName'));
  return [ctx.emit(r, 'aws.iam.policy', policyName, {
    policyName,
    document: policyDocument(r.get('PolicyDocument')) ?? unknown('PolicyDocument'),
    attachedTo: attachedTo(r, ctx, { users: 'Users', roles: 'Roles', groups: 'Groups' }),
  })];
};

/** Inline-policy resources of the template that name `target` among their principals of `kind`. */
function inlinePoliciesOf(target: TemplateResource, ctx: Context, kind: 'users' | 'roles' | 'groups'): TemplateResource[] {
  return Object.entries(INLINE_POLICY_TYPES).flatMap(([type, props]) => (props[kind] ? ctx.attached(type, props[kind], target).matches : []));
}

/** Managed policies attached: ARNs (or template policies, by resource id) listed on the principal, and template managed policies naming it. */
function managedPoliciesOf(target: TemplateResource, ctx: Context, kind: 'Users' | 'Roles' | 'Groups'): V<string>[] {
  const listed = items(target.get('ManagedPolicyArns')).map((v) => ctx.resourceId(v) ?? unknown('ManagedPolicyArns'));
  const attaching = ctx.attached('AWS::IAM::ManagedPolicy', kind, target).matches.map((p) => p.id);
  return [...listed, ...attaching.filter((id) => !listed.includes(id))];
}

/** The principal's own `Policies` as `aws.iam.policy` resources (users and groups). */
function embeddedPolicies(r: TemplateResource, ctx: Context, prefix: 'user' | 'group'): Resource[] {
  return items(r.get('Policies')).map((p, i) => {
    const policyName = str(at(p, 'PolicyName'));
    const attributes: IamPolicy = {
      policyName,
      document: policyDocument(at(p, 'PolicyDocument')) ?? unknown('PolicyDocument'),
      attachedTo: [`${prefix}:${r.id}`],
    };
    return ctx.emit(r, 'aws.iam.policy', policyName, attributes, ctx.spanOf(p) ?? r.span, `.Policies[${i}]`);
  });
}

export const user: Normalizer = (r, ctx) => {
  const userName = str(r.get('UserName'));
  const own = items(r.get('Policies')).map((p) => str(at(p, 'PolicyName')) ?? unknown('PolicyName'));
  const fromResources = inlinePoliciesOf(r, ctx, 'users').map((p) => str(p.get('PolicyName')) ?? unknown('PolicyName'));
  const keys = ctx.attached('AWS::IAM::AccessKey', 'UserName', r).matches.filter((k) => str(k.get('Status')) !== 'Inactive');
  return [
    ctx.emit(r, 'aws.iam.user', userName, {
      userName,
      attachedPolicies: managedPoliciesOf(r, ctx, 'Users'),
      inlinePolicies: [...own, ...fromResources],
      accessKeys: keys.length,
    }),
    ...embeddedPolicies(r, ctx, 'user'),
  ];
};

/** Groups have no normalized shape of their own; their inline policies still count. */
export const group: Normalizer = (r, ctx) => embeddedPolicies(r, ctx, 'group');

export const role: Normalizer = (r, ctx) => {
  const roleName = str(r.get('RoleName'));
  const inline: IamRole['inlinePolicies'] = items(r.get('Policies')).map((p) => {
    const u = unknownOf(p);
    return u ? { name: u, document: u } : { name: str(at(p, 'PolicyName')) ?? unknown('PolicyName'), document: policyDocument(at(p, 'PolicyDocument')) ?? unknown('PolicyDocument') };
  });
  for (const p of inlinePoliciesOf(r, ctx, 'roles')) {
    inline.push({ name: str(p.get('PolicyName')) ?? unknown('PolicyName'), document: policyDocument(p.get('PolicyDocument')) ?? unknown('PolicyDocument') });
  }
  const assume = policyDocument(r.get('AssumeRolePolicyDocument'));
  return [ctx.emit(r, 'aws.iam.role', roleName, {
    roleName,
    assumeRolePolicy: assume,
    inlinePolicies: inline,
    attachedPolicies: managedPoliciesOf(r, ctx, 'Roles'),
  })];
};
