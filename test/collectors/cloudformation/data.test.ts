// fixtures/data.json is JSON on purpose: long-form intrinsics, same parser.
import { describe, expect, it } from 'vitest';
import { collect, idOf, lines } from './helpers.js';

const t = collect('data.json');
const id = (logicalId: string) => idOf('data.json', logicalId);
const PUBLIC_BY_DEFAULT = { $unknown: 'PubliclyAccessible (RDS default: public when the VPC has an internet gateway)' };

describe('CloudFormation RDS', () => {
  it('reads a cluster, counting its member instances as zones when none are listed', () => {
    expect(t.problems).toEqual([]);
    expect(t.get('Aurora').name).toBe('orders');
    expect(t.get('Aurora').attributes).toEqual({
      engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: id('DataKey'), backupRetentionDays: 14, deletionProtection: true, availabilityZones: 2,
    });
  });

  it("gives cluster members their cluster's storage settings and id, whether they reference it or name it", () => {
    const cluster = { engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: id('DataKey'), backupRetentionDays: 14, deletionProtection: true, multiAz: false, clusterId: id('Aurora') };
    expect(t.get('AuroraWriter').attributes).toEqual({ ...cluster, publiclyAccessible: false });
    expect(t.get('AuroraReader').attributes).toEqual({ ...cluster, publiclyAccessible: PUBLIC_BY_DEFAULT });
  });

  it('reads a standalone instance, with strings converted to booleans and numbers', () => {
    expect(t.get('Legacy').attributes).toEqual({
      engine: 'mysql', storageEncrypted: false, kmsKeyId: null, backupRetentionDays: 0, publiclyAccessible: true, deletionProtection: false, multiAz: true, clusterId: null,
    });
  });

  it('leaves the encryption of an instance restored from a snapshot unknown, and fills the other defaults', () => {
    expect(t.get('Restored').attributes).toEqual({
      engine: 'postgres', storageEncrypted: { $unknown: 'storage encryption of the source of Restored' }, kmsKeyId: null, backupRetentionDays: 1,
      publiclyAccessible: PUBLIC_BY_DEFAULT, deletionProtection: false, multiAz: false, clusterId: null,
    });
  });

  it('knows that serverless v1 clusters are encrypted and Multi-AZ DB clusters span three zones', () => {
    expect(t.get('Serverless').attributes).toEqual({ engine: 'aurora-mysql', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 1, deletionProtection: false, availabilityZones: 2 });
    expect(t.get('MultiAzCluster').attributes).toEqual({ engine: 'postgres', storageEncrypted: false, kmsKeyId: null, backupRetentionDays: 1, deletionProtection: false, availabilityZones: 3 });
  });
});

describe('CloudFormation EBS, KMS, DynamoDB', () => {
  it('reads volumes: declared, default, and from a snapshot (unknown)', () => {
    expect(t.get('Disk').attributes).toEqual({ encrypted: true, kmsKeyId: id('DataKey') });
    expect(t.get('PlainDisk').attributes).toEqual({ encrypted: false, kmsKeyId: null });
    expect(t.get('SnapshotDisk').attributes).toEqual({ encrypted: { $unknown: 'encryption of the snapshot of SnapshotDisk' }, kmsKeyId: null });
  });

  it('reads keys with their defaults', () => {
    expect(t.get('DataKey').attributes).toEqual({ rotationEnabled: true, keySpec: 'SYMMETRIC_DEFAULT', enabled: true });
    expect(t.get('SigningKey').attributes).toEqual({ rotationEnabled: false, keySpec: 'RSA_2048', enabled: false });
  });

  it('reads tables: declared settings and defaults', () => {
    expect(t.get('Orders').attributes).toEqual({ pointInTimeRecovery: true, kmsEncryption: true, kmsKeyId: id('DataKey'), deletionProtection: true });
    expect(t.get('Sessions').attributes).toEqual({ pointInTimeRecovery: false, kmsEncryption: false, kmsKeyId: null, deletionProtection: false });
  });

  it('reads a global table as one table: a setting holds only when every replica has it', () => {
    expect(t.get('Global').name).toBe('profiles');
    expect(t.get('Global').attributes).toEqual({ pointInTimeRecovery: false, kmsEncryption: true, kmsKeyId: 'alias/profiles-eu-west-1', deletionProtection: true });
  });

  it('gives every JSON resource the lines of its member, from the key to the closing brace', () => {
    expect(lines(t.get('Aurora'))).toEqual([7, 17]);
    expect(lines(t.get('Disk'))).toEqual([73, 76]);
    expect(lines(t.get('Global'))).toEqual([112, 131]);
  });
});
