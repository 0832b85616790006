// Data stores and keys: RDS instances and clusters, EBS volumes, KMS keys, DynamoDB tables.
import type { RdsCluster } from '../../../domain/resources/aws.js';
import { isUnknown, unknown, type V } from '../../../domain/resources/index.js';
import { Ref } from '../evaluate.js';
import { all, type Context, type Normalizer, type TemplateResource } from '../context.js';
import { at, boolOr, items, numOr, str, strOr, unknownOf } from '../values.js';

const present = (r: TemplateResource, name: string): boolean => {
  const v = r.get(name);
  return v !== undefined && v !== null;
};

function clusterAttributes(r: TemplateResource, ctx: Context): RdsCluster {
  // Restored from a snapshot or cloned: encryption is the source's unless stated.
  const inherited = present(r, 'SnapshotIdentifier') || present(r, 'SourceDBClusterIdentifier');
  const storageEncrypted: V<boolean> = present(r, 'StorageEncrypted') ? boolOr(r.get('StorageEncrypted'), false)
    : inherited ? unknown(`storage encryption of the source of ${r.logicalId}`)
      // Aurora Serverless v1 clusters are always encrypted.
      : str(r.get('EngineMode')) === 'serverless';
  const zones = r.get('AvailabilityZones');
  const instances = ctx.attached('AWS::RDS::DBInstance', 'DBClusterIdentifier', r, { name: str(r.get('DBClusterIdentifier')) }).matches;
  const availabilityZones: V<number> | null = zones !== undefined && zones !== null ? (unknownOf(zones) ?? items(zones).length)
    // A Multi-AZ DB cluster (DBClusterInstanceClass set) always spans three zones.
    : present(r, 'DBClusterInstanceClass') ? 3
      : instances.length > 0 ? instances.length : null;
  return {
    engine: str(r.get('Engine')) ?? unknown('Engine'),
    storageEncrypted,
    kmsKeyId: ctx.resourceId(r.get('KmsKeyId')),
    backupRetentionDays: numOr(r.get('BackupRetentionPeriod'), 1),
    deletionProtection: boolOr(r.get('DeletionProtection'), false),
    availabilityZones,
  };
}

export const dbCluster: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.rds.cluster', str(r.get('DBClusterIdentifier')), clusterAttributes(r, ctx))];

export const dbInstance: Normalizer = (r, ctx) => {
  const clusterPointer = r.get('DBClusterIdentifier');
  const clusterRes = clusterPointer instanceof Ref ? ctx.byLogicalId(clusterPointer.logicalId)
    : typeof clusterPointer === 'string' ? ctx.ofType('AWS::RDS::DBCluster').find((c) => str(c.get('DBClusterIdentifier')) === clusterPointer) : undefined;
  // A cluster of the template, by reference or by identifier, is named by its resource id.
  const clusterId = clusterRes ? clusterRes.id : ctx.resourceId(clusterPointer);
  // Storage, backups and deletion protection of an Aurora member are its cluster's.
  const cluster = clusterRes?.type === 'AWS::RDS::DBCluster' ? clusterAttributes(clusterRes, ctx) : null;
  const inherited = present(r, 'DBSnapshotIdentifier') || present(r, 'SourceDBInstanceIdentifier') || present(r, 'SourceDBInstanceAutomatedBackupsArn');
  const storageEncrypted: V<boolean> = cluster ? cluster.storageEncrypted
    : present(r, 'StorageEncrypted') ? boolOr(r.get('StorageEncrypted'), false)
      : inherited ? unknown(`storage encryption of the source of ${r.logicalId}`) : false;
  return [ctx.emit(r, 'aws.rds.instance', str(r.get('DBInstanceIdentifier')), {
    engine: str(r.get('Engine')) ?? (cluster ? cluster.engine : unknown('Engine')),
    storageEncrypted,
    kmsKeyId: cluster ? cluster.kmsKeyId : ctx.resourceId(r.get('KmsKeyId')),
    backupRetentionDays: cluster ? cluster.backupRetentionDays : numOr(r.get('BackupRetentionPeriod'), 1),
    // Left out, RDS decides from the VPC: public when it has an internet gateway attached.
    publiclyAccessible: present(r, 'PubliclyAccessible') ? boolOr(r.get('PubliclyAccessible'), false)
      : unknown('PubliclyAccessible (RDS default: public when the VPC has an internet gateway)'),
    deletionProtection: cluster ? cluster.deletionProtection : boolOr(r.get('DeletionProtection'), false),
    multiAz: boolOr(r.get('MultiAZ'), false),
    clusterId,
  })];
};

export const volume: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.ebs.volume', null, {
  // A volume from a snapshot keeps the snapshot's encryption unless told otherwise.
  encrypted: !present(r, 'Encrypted') && present(r, 'SnapshotId') ? unknown(`encryption of the snapshot of ${r.logicalId}`) : boolOr(r.get('Encrypted'), false),
  kmsKeyId: ctx.resourceId(r.get('KmsKeyId')),
})];

export const kmsKey: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.kms.key', null, {
  rotationEnabled: boolOr(r.get('EnableKeyRotation'), false),
  keySpec: strOr(r.get('KeySpec'), 'SYMMETRIC_DEFAULT'),
  enabled: boolOr(r.get('Enabled'), true),
})];

export const table: Normalizer = (r, ctx) => {
  const sse = r.get('SSESpecification');
  const kmsEncryption = boolOr(at(sse, 'SSEEnabled'), false);
  return [ctx.emit(r, 'aws.dynamodb.table', str(r.get('TableName')), {
    pointInTimeRecovery: boolOr(at(r.get('PointInTimeRecoverySpecification'), 'PointInTimeRecoveryEnabled'), false),
    kmsEncryption,
    kmsKeyId: kmsEncryption === false ? null : ctx.resourceId(at(sse, 'KMSMasterKeyId')),
    deletionProtection: boolOr(r.get('DeletionProtectionEnabled'), false),
  })];
};

/**
 * A global table as one table: a setting holds when every replica has it. The key is the first
 * replica's (each region has its own key; the shape keeps one).
 */
export const globalTable: Normalizer = (r, ctx) => {
  const replicas = r.get('Replicas');
  const u = unknownOf(replicas);
  const list = items(replicas);
  const everyReplica = (...path: string[]): V<boolean> => u ?? (list.length === 0 ? false : all(list.map((x) => boolOr(at(x, ...path), false))));
  const kmsEncryption = boolOr(at(r.get('SSESpecification'), 'SSEEnabled'), false);
  const firstKey = u ?? at(list[0], 'SSESpecification', 'KMSMasterKeyId');
  return [ctx.emit(r, 'aws.dynamodb.table', str(r.get('TableName')), {
    pointInTimeRecovery: everyReplica('PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'),
    kmsEncryption,
    kmsKeyId: kmsEncryption === false ? null : isUnknown(firstKey) ? firstKey : ctx.resourceId(firstKey),
    deletionProtection: everyReplica('DeletionProtectionEnabled'),
  })];
};
