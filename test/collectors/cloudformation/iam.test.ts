import { describe, expect, it } from 'vitest';
import { collect, idOf, lines } from './helpers.js';

const t = collect('iam.yaml');
const id = (logicalId: string) => idOf('iam.yaml', logicalId);

describe('CloudFormation IAM', () => {
  it('emits users, roles and policies, and folds access keys into their user', () => {
    expect(t.problems).toEqual([]);
    expect(t.resources.map((r) => [r.type, r.id])).toEqual([
      ['aws.iam.user', id('Alice')],
      ['aws.iam.policy', id('Alice.Policies[0]')],
      ['aws.iam.user', id('Deployer')],
      ['aws.iam.policy', id('Admins.Policies[0]')],
      ['aws.iam.policy', id('Shared')],
      ['aws.iam.policy', id('DeployPolicy')],
      ['aws.iam.policy', id('DeployerOwnPolicy')],
      ['aws.iam.role', id('AppRole')],
      ['aws.sqs.queue', id('Queue')],
    ]);
  });

  it('counts a user’s active access keys, by reference or by name', () => {
    expect(t.get('Alice').attributes).toEqual({
      userName: 'alice',
      attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: ['alice-inline', 'shared'],
      accessKeys: 1,
    });
  });

  it('attaches managed policies and single-user inline policies declared elsewhere to the user', () => {
    expect(t.get('Deployer').attributes).toEqual({ userName: null, attachedPolicies: [id('DeployPolicy')], inlinePolicies: ['deployer-extra'], accessKeys: 0 });
  });

  it("turns a user's or group's inline policy into an aws.iam.policy attached to it, at the policy's lines", () => {
    const inline = t.get('Alice.Policies[0]');
    expect(inline.attributes).toEqual({
      policyName: 'alice-inline',
      document: { statements: [{ sid: null, effect: 'Allow', actions: ['*'], notActions: [], resources: ['*'], principals: [], conditions: {} }] },
      attachedTo: [`user:${id('Alice')}`],
    });
    expect(lines(inline)).toEqual([10, 15]);
    // A lone statement (not a list) is a list of one.
    expect(t.get('Admins.Policies[0]').attributes).toMatchObject({
      attachedTo: [`group:${id('Admins')}`],
      document: { statements: [{ effect: 'Allow', actions: [], notActions: ['iam:*'], resources: ['*'] }] },
    });
  });

  it('names the principals of a policy: template resources by id (by reference or by name), others by name', () => {
    expect(t.get('Shared').attributes).toEqual({
      policyName: 'shared',
      document: {
        statements: [{
          sid: 'ReadLogs', effect: 'Allow', actions: ['logs:GetLogEvents', 'logs:FilterLogEvents'], notActions: [],
          resources: [{ $unknown: 'Ref:AWS::StackName' }], principals: [], conditions: {},
        }],
      },
      attachedTo: [`user:${id('Alice')}`, 'user:outsider', `role:${id('AppRole')}`, `group:${id('Admins')}`],
    });
  });

  it('normalizes conditions to lists of strings and parses a policy document given as a JSON string', () => {
    expect(t.get('DeployPolicy').attributes.document).toEqual({
      statements: [{
        sid: null, effect: 'Allow', actions: ['cloudformation:*'], notActions: [], resources: ['*'], principals: [],
        conditions: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      }],
    });
    expect(t.get('DeployerOwnPolicy').attributes).toMatchObject({ policyName: 'deployer-extra', document: { statements: [{ actions: ['s3:ListAllMyBuckets'] }] } });
  });

  it('gives a role its trust policy, inline policies (its own and those naming it) and managed policies', () => {
    expect(t.get('AppRole').attributes).toEqual({
      roleName: 'app',
      assumeRolePolicy: {
        statements: [{
          sid: null, effect: 'Allow', actions: ['sts:AssumeRole'], notActions: [], resources: [],
          principals: ['Service:ec2.amazonaws.com', 'AWS:arn:aws:iam::111122223333:root'], conditions: {},
        }],
      },
      inlinePolicies: [
        {
          name: 'app-inline',
          document: {
            statements: [{
              sid: null, effect: { $unknown: 'Ref:Effect' }, actions: ['sqs:SendMessage'], notActions: [],
              resources: [{ $unknown: 'GetAtt:Queue.Arn' }], principals: [], conditions: {},
            }],
          },
        },
        { name: 'shared', document: t.get('Shared').attributes.document },
      ],
      attachedPolicies: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', id('DeployPolicy')],
    });
  });

  it('makes a policy document unknown when its statements or conditions are, never partial', () => {
    const u = collect('iam-unknown.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Statements:
    Type: String
  Cond:
    Type: String
Conditions:
  Strict: !Equals [!Ref Cond, "yes"]
Resources:
  WholeStatement:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - !If [Strict, { Effect: Deny, Action: "*", Resource: "*" }, { Effect: Allow, Action: "*", Resource: "*" }]
  ConditionBlock:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: "*"
            Resource: "*"
            Condition: !Ref Statements
`);
    expect(u.get('WholeStatement').attributes.document).toEqual({ $unknown: 'Ref:Cond' });
    expect(u.get('ConditionBlock').attributes.document).toEqual({ $unknown: 'Ref:Statements' });
  });
});
