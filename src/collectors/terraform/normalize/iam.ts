// IAM: managed and inline policies, users, roles, their attachments and access keys, and the
// account password policy. Attachments are folded into both sides: the policy lists where it
// is attached, the user or role lists what is attached to it.
import { unknown, type Resource, type V } from '../../../domain/resources/index.js';
import type { IamPasswordPolicy, IamPolicy, IamRole, IamUser } from '../../../domain/resources/aws.js';
import { isUnk, type Value } from '../eval/values.js';
import { blocks, bool, num, numOrNull, out, resource, str, Targets, type NormalizeContext, type TfResource } from './common.js';
import { policyDocument } from './policy.js';

type Kind = 'user' | 'role' | 'group';

interface Principal {
  kind: Kind;
  id: string;
  user?: Resource<IamUser>;
  role?: Resource<IamRole>;
}

const nameOf = (r: TfResource): V<string> | null => {
  const a = r.body.attrs;
  if (a.name !== undefined && a.name !== null) return str(a.name);
  if (a.name_prefix !== undefined && a.name_prefix !== null) return unknown(`${r.address}.name (name_prefix)`);
  return null;
};

/** The policy name at the end of an IAM policy ARN (arn:aws:iam::123456789012:policy/path/name). */
const policyNameFromArn = (arn: string): string | null => {
  const m = /^arn:aws[\w-]*:iam::[^:]*:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1]! : null;
};

const valueText = (v: Value | undefined): string => (isUnk(v) ? v.$unknown : typeof v === 'string' ? v : JSON.stringify(v ?? null));

export function iam(ctx: NormalizeContext): Resource<unknown>[] {
  const resources: Resource<unknown>[] = [];
  const principals: Record<Kind, Targets<Principal>> = { user: new Targets(), role: new Targets(), group: new Targets() };

  for (const r of ctx.of('aws_iam_user')) {
    const userName = nameOf(r);
    const user = resource<IamUser>('aws.iam.user', r, userName, { userName, attachedPolicies: [], inlinePolicies: [], accessKeys: 0 });
    principals.user.add(r, { kind: 'user', id: r.address, user }, userName);
    resources.push(user);
  }
  for (const r of ctx.of('aws_iam_role')) {
    const roleName = nameOf(r);
    const a = r.body.attrs;
    const role = resource<IamRole>('aws.iam.role', r, roleName, {
      roleName,
      assumeRolePolicy: policyDocument(a.assume_role_policy),
      inlinePolicies: blocks(r.body, 'inline_policy')
        .filter((b) => b.attrs.policy !== undefined && b.attrs.policy !== null)
        .map((b) => ({ name: str(b.attrs.name) ?? unknown('inline policy name (not set)'), document: policyDocument(b.attrs.policy) ?? unknown('empty policy') })),
      attachedPolicies: [],
    });
    principals.role.add(r, { kind: 'role', id: r.address, role }, roleName);
    resources.push(role);
  }
  for (const r of ctx.of('aws_iam_group')) principals.group.add(r, { kind: 'group', id: r.address }, nameOf(r));

  /** `user:<resource id>`, or the name/expression when the principal is not declared here. */
  const principal = (kind: Kind, v: Value | undefined): { ref: string; target: Principal | null } => {
    const res = principals[kind].resolve(v);
    if (res.kind === 'found') return { ref: `${kind}:${res.target.id}`, target: res.target };
    return { ref: `${kind}:${valueText(v)}`, target: null };
  };

  // Managed policies.
  const policies = new Targets<Resource<IamPolicy>>();
  for (const r of ctx.of('aws_iam_policy')) {
    const policyName = nameOf(r);
    const p = resource<IamPolicy>('aws.iam.policy', r, policyName, { policyName, document: policyDocument(r.body.attrs.policy) ?? unknown('policy (not set)'), attachedTo: [] });
    policies.add(r, p, policyName);
    resources.push(p);
  }
  const attach = (kind: Kind, who: Value | undefined, policyArn: Value | undefined) => {
    const { ref, target } = principal(kind, who);
    let res = policies.resolve(policyArn);
    if (res.kind === 'external' && typeof policyArn === 'string') {
      const name = policyNameFromArn(policyArn);
      if (name) res = policies.resolve(name);
    }
    if (res.kind === 'found' && !res.target.attributes.attachedTo.includes(ref)) res.target.attributes.attachedTo.push(ref);
    const attached: V<string> = res.kind === 'found' ? res.target.id : isUnk(policyArn) ? out(policyArn) : (str(policyArn) ?? unknown('policy_arn (not set)'));
    if (target?.user) target.user.attributes.attachedPolicies.push(attached);
    if (target?.role) target.role.attributes.attachedPolicies.push(attached);
  };
  for (const r of ctx.of('aws_iam_role')) {
    const arns = r.body.attrs.managed_policy_arns;
    if (arns === undefined || arns === null) continue;
    if (isUnk(arns)) {
      principal('role', r.address).target?.role?.attributes.attachedPolicies.push(out(arns));
      continue;
    }
    for (const arn of Array.isArray(arns) ? arns : []) attach('role', selfRef(r), arn);
  }
  for (const r of ctx.of('aws_iam_user_policy_attachment')) attach('user', r.body.attrs.user, r.body.attrs.policy_arn);
  for (const r of ctx.of('aws_iam_role_policy_attachment')) attach('role', r.body.attrs.role, r.body.attrs.policy_arn);
  for (const r of ctx.of('aws_iam_group_policy_attachment')) attach('group', r.body.attrs.group, r.body.attrs.policy_arn);
  for (const r of ctx.of('aws_iam_role_policy_attachments_exclusive')) for (const arn of listOf(r.body.attrs.policy_arns)) attach('role', r.body.attrs.role_name, arn);
  for (const r of ctx.of('aws_iam_policy_attachment')) {
    const a = r.body.attrs;
    for (const [kind, list] of [['user', a.users], ['role', a.roles], ['group', a.groups]] as const) for (const who of listOf(list)) attach(kind, who, a.policy_arn);
  }

  // Inline policies: policies of their own, and named on their user or role.
  for (const [type, kind] of [['aws_iam_user_policy', 'user'], ['aws_iam_role_policy', 'role'], ['aws_iam_group_policy', 'group']] as const) {
    for (const r of ctx.of(type)) {
      const policyName = nameOf(r);
      const document = policyDocument(r.body.attrs.policy) ?? unknown('policy (not set)');
      const { ref, target } = principal(kind, r.body.attrs[kind]);
      resources.push(resource<IamPolicy>('aws.iam.policy', r, policyName, { policyName, document, attachedTo: [ref] }));
      const name = policyName ?? unknown(`${r.address}.name (generated)`);
      target?.user?.attributes.inlinePolicies.push(name);
      target?.role?.attributes.inlinePolicies.push({ name, document });
    }
  }

  for (const r of ctx.of('aws_iam_access_key')) {
    const { target } = principal('user', r.body.attrs.user);
    if (target?.user) target.user.attributes.accessKeys++;
  }

  for (const r of ctx.of('aws_iam_account_password_policy')) {
    const a = r.body.attrs;
    // AWS's defaults when a setting is left out: 6 characters, no character classes, no expiry, no reuse prevention.
    const maxAge = numOrNull(a.max_password_age);
    const reuse = numOrNull(a.password_reuse_prevention);
    resources.push(resource<IamPasswordPolicy>('aws.iam.password-policy', r, null, {
      minimumLength: num(a.minimum_password_length, 6),
      requireSymbols: bool(a.require_symbols, false),
      requireNumbers: bool(a.require_numbers, false),
      requireUppercase: bool(a.require_uppercase_characters, false),
      requireLowercase: bool(a.require_lowercase_characters, false),
      maxAgeDays: maxAge === 0 ? null : maxAge,
      reusePrevention: reuse === 0 ? null : reuse,
    }));
  }
  return resources;
}

const listOf = (v: Value | undefined): Value[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A role's own address, which `Targets.resolve` finds. */
const selfRef = (r: TfResource): Value => r.address;
