// Data stores and their keys: RDS instances and Aurora clusters, EBS, KMS, DynamoDB, ECR,
// CloudWatch log groups, SNS, SQS, Secrets Manager.
import { unknown, type Resource, type V } from '../../../domain/resources/index.js';
import type { DynamoDbTable, EbsEncryptionByDefault, EbsVolume, EcrRepository, KmsKey, LogGroup, RdsCluster, RdsInstance, SecretsManagerSecret, SnsTopic, SqsQueue } from '../../../domain/resources/aws.js';
import { isUnk, type Value } from '../eval/values.js';
import { attr, block, blocks, bool, link, location, num, numOrNull, resource, str, strOr, Targets, type NormalizeContext, type TfResource, kmsKey } from './common.js';
import type { EBlock } from '../eval/body.js';

// Defaults below are what AWS applies when Terraform leaves the setting out (provider docs):
// RDS and Aurora keep automated backups 1 day, are not encrypted, not public, not deletion-protected.
const RDS_BACKUP_DAYS = 1;

const engineOf = (v: Value | undefined, what: string): V<string> => str(v) ?? unknown(`${what}.engine (not set)`);

export function rds(ctx: NormalizeContext): Resource<unknown>[] {
  const clusters = new Targets<Resource<RdsCluster>>();
  const res: Resource<unknown>[] = [];
  const clusterList: Resource<RdsCluster>[] = [];
  for (const r of ctx.of('aws_rds_cluster')) {
    const a = r.body.attrs;
    const serverlessV1 = a.engine_mode === 'serverless';
    const zones = a.availability_zones;
    const c = resource<RdsCluster>('aws.rds.cluster', r, str(a.cluster_identifier), {
      engine: engineOf(a.engine, r.address),
      // Serverless v1 clusters are always encrypted.
      storageEncrypted: serverlessV1 ? true : bool(a.storage_encrypted, false),
      kmsKeyId: kmsKey(a.kms_key_id),
      backupRetentionDays: num(a.backup_retention_period, RDS_BACKUP_DAYS),
      deletionProtection: bool(a.deletion_protection, false),
      availabilityZones: zones === undefined || zones === null ? null : isUnk(zones) ? unknown(zones.$unknown) : Array.isArray(zones) ? zones.length : null,
    });
    clusters.add(r, c, str(a.cluster_identifier));
    clusterList.push(c);
    res.push(c);
  }
  for (const r of ctx.of('aws_db_instance')) {
    const a = r.body.attrs;
    res.push(resource<RdsInstance>('aws.rds.instance', r, str(a.identifier), {
      engine: a.replicate_source_db !== undefined ? (str(a.engine) ?? unknown(`${r.address}.engine (replica)`)) : engineOf(a.engine, r.address),
      storageEncrypted: bool(a.storage_encrypted, false),
      kmsKeyId: kmsKey(a.kms_key_id),
      backupRetentionDays: num(a.backup_retention_period, RDS_BACKUP_DAYS),
      publiclyAccessible: bool(a.publicly_accessible, false),
      deletionProtection: bool(a.deletion_protection, false),
      multiAz: bool(a.multi_az, false),
      clusterId: null,
    }));
  }
  // Aurora instances: storage, backups and deletion protection are the cluster's.
  const instancesPerCluster = new Map<Resource<RdsCluster>, { count: number; zones: Set<string>; unknownZone: boolean }>();
  for (const r of ctx.of('aws_rds_cluster_instance')) {
    const a = r.body.attrs;
    const found = clusters.resolve(a.cluster_identifier);
    const cluster = found.kind === 'found' ? found.target : null;
    const ref = str(a.cluster_identifier) ?? unknown('cluster_identifier (not set)');
    const fromCluster = <T>(pick: (c: RdsCluster) => T): T | ReturnType<typeof unknown> => (cluster ? pick(cluster.attributes) : unknown(`the cluster ${typeof ref === 'string' ? ref : ref.$unknown}`));
    res.push(resource<RdsInstance>('aws.rds.instance', r, str(a.identifier), {
      engine: engineOf(a.engine, r.address),
      storageEncrypted: fromCluster((c) => c.storageEncrypted),
      kmsKeyId: cluster ? cluster.attributes.kmsKeyId : null,
      backupRetentionDays: fromCluster((c) => c.backupRetentionDays),
      publiclyAccessible: bool(a.publicly_accessible, false),
      deletionProtection: fromCluster((c) => c.deletionProtection),
      multiAz: false,
      clusterId: cluster ? cluster.id : ref,
    }));
    if (cluster) {
      const entry = instancesPerCluster.get(cluster) ?? { count: 0, zones: new Set<string>(), unknownZone: false };
      entry.count++;
      if (typeof a.availability_zone === 'string') entry.zones.add(a.availability_zone);
      else entry.unknownZone = true;
      instancesPerCluster.set(cluster, entry);
    }
  }
  // A cluster without availability_zones: as many zones as instances AWS spreads them over.
  for (const c of clusterList) {
    if (c.attributes.availabilityZones !== null) continue;
    const entry = instancesPerCluster.get(c);
    if (entry) c.attributes.availabilityZones = entry.unknownZone ? entry.count : entry.zones.size;
  }
  return res;
}

/**
 * Volumes an instance declares: `aws_instance.web.root_block_device`, `….ebs_block_device["/dev/sdf"]`.
 * A root volume (or one from a snapshot) without `encrypted` inherits its image's encryption:
 * unknown; a new empty volume is unencrypted unless it says so.
 */
function instanceVolumes(r: TfResource): Resource<EbsVolume>[] {
  const volume = (id: string, b: EBlock, inherits: boolean) => {
    const encrypted = b.attrs.encrypted === undefined || b.attrs.encrypted === null ? (inherits ? unknown(`${id}.encrypted (follows the image or snapshot)`) : false) : bool(b.attrs.encrypted, false);
    const res = resource<EbsVolume>('aws.ebs.volume', r, null, { encrypted, kmsKeyId: kmsKey(b.attrs.kms_key_id) });
    res.id = id;
    const loc = location(b, r);
    if (loc && res.source.kind === 'file') Object.assign(res.source, loc);
    return res;
  };
  const out: Resource<EbsVolume>[] = [];
  for (const b of blocks(r.body, 'root_block_device')) out.push(volume(`${r.address}.root_block_device`, b, true));
  for (const b of blocks(r.body, 'ebs_block_device')) {
    const device = typeof b.attrs.device_name === 'string' ? b.attrs.device_name : String(out.length);
    out.push(volume(`${r.address}.ebs_block_device[${JSON.stringify(device)}]`, b, b.attrs.snapshot_id !== undefined && b.attrs.snapshot_id !== null));
  }
  return out;
}

export function ebs(ctx: NormalizeContext): Resource<unknown>[] {
  return [
    ...ctx.of('aws_ebs_volume').map((r) => resource<EbsVolume>('aws.ebs.volume', r, null, {
      // From a snapshot, an unset `encrypted` follows the snapshot.
      encrypted: r.body.attrs.snapshot_id !== undefined && r.body.attrs.snapshot_id !== null && (r.body.attrs.encrypted === undefined || r.body.attrs.encrypted === null)
        ? unknown(`${r.address}.encrypted (follows the snapshot)`)
        : bool(r.body.attrs.encrypted, false),
      kmsKeyId: kmsKey(r.body.attrs.kms_key_id),
    })),
    ...ctx.of('aws_instance').flatMap(instanceVolumes),
    ...ctx.of('aws_ebs_encryption_by_default').map((r) => resource<EbsEncryptionByDefault>('aws.ebs.encryption-by-default', r, null, { enabled: bool(r.body.attrs.enabled, true) })),
  ];
}

export function kms(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_kms_key').map((r) => {
    const a = r.body.attrs;
    return resource<KmsKey>('aws.kms.key', r, null, {
      rotationEnabled: bool(a.enable_key_rotation, false),
      keySpec: strOr(a.customer_master_key_spec ?? a.key_spec, 'SYMMETRIC_DEFAULT'),
      enabled: bool(a.is_enabled, true),
    });
  });
}

export function dynamodb(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_dynamodb_table').map((r) => {
    const a = r.body.attrs;
    const sse = block(r.body, 'server_side_encryption');
    const pitr = block(r.body, 'point_in_time_recovery');
    return resource<DynamoDbTable>('aws.dynamodb.table', r, str(a.name), {
      pointInTimeRecovery: pitr ? bool(pitr.attrs.enabled, false) : false,
      kmsEncryption: sse ? bool(sse.attrs.enabled, false) : false,
      kmsKeyId: sse ? kmsKey(sse.attrs.kms_key_arn) : null,
      deletionProtection: bool(a.deletion_protection_enabled, false),
    });
  });
}

export function ecr(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_ecr_repository').map((r) => {
    const a = r.body.attrs;
    const enc = attr(block(r.body, 'encryption_configuration'), 'encryption_type');
    const mutability = strOr(a.image_tag_mutability, 'MUTABLE');
    return resource<EcrRepository>('aws.ecr.repository', r, str(a.name), {
      scanOnPush: bool(attr(block(r.body, 'image_scanning_configuration'), 'scan_on_push'), false),
      imageTagMutability: typeof mutability === 'string' ? (mutability.startsWith('IMMUTABLE') ? 'IMMUTABLE' : 'MUTABLE') : mutability,
      kmsEncryption: enc === undefined || enc === null ? false : isUnk(enc) ? unknown(enc.$unknown) : enc === 'KMS' || enc === 'KMS_DSSE',
    });
  });
}

export function messaging(ctx: NormalizeContext): Resource<unknown>[] {
  return [
    ...ctx.of('aws_cloudwatch_log_group').map((r) => resource<LogGroup>('aws.logs.log-group', r, str(r.body.attrs.name), {
      retentionDays: num(r.body.attrs.retention_in_days, 0),
      kmsKeyId: kmsKey(r.body.attrs.kms_key_id),
    })),
    ...ctx.of('aws_sns_topic').map((r) => resource<SnsTopic>('aws.sns.topic', r, str(r.body.attrs.name), { kmsKeyId: kmsKey(r.body.attrs.kms_master_key_id) })),
    ...ctx.of('aws_sqs_queue').map((r) => {
      const a = r.body.attrs;
      const kmsKeyId = kmsKey(a.kms_master_key_id);
      // Queues get SSE-SQS by default since late 2022, unless a KMS key is set.
      return resource<SqsQueue>('aws.sqs.queue', r, str(a.name), { kmsKeyId, sqsManagedSse: bool(a.sqs_managed_sse_enabled, kmsKeyId === null) });
    }),
  ];
}

export function secrets(ctx: NormalizeContext): Resource<unknown>[] {
  const targets = new Targets<Resource<SecretsManagerSecret>>();
  const all: Resource<SecretsManagerSecret>[] = [];
  for (const r of ctx.of('aws_secretsmanager_secret')) {
    const a = r.body.attrs;
    const s = resource<SecretsManagerSecret>('aws.secretsmanager.secret', r, str(a.name), { rotationEnabled: false, rotationDays: null, kmsKeyId: kmsKey(a.kms_key_id) });
    // Provider v3 declared rotation inline.
    const rules = block(r.body, 'rotation_rules');
    if (a.rotation_lambda_arn !== undefined && a.rotation_lambda_arn !== null && rules) {
      s.attributes.rotationEnabled = true;
      s.attributes.rotationDays = numOrNull(rules.attrs.automatically_after_days);
    }
    targets.add(r, s, str(a.name));
    all.push(s);
  }
  const configured = new Set<Resource<SecretsManagerSecret>>();
  link(ctx, ctx.of('aws_secretsmanager_secret_rotation'), targets, 'secret_id', (s, rot) => {
    const rules = block(rot.body, 'rotation_rules');
    s.attributes.rotationEnabled = true;
    s.attributes.rotationDays = rules ? numOrNull(rules.attrs.automatically_after_days) : null;
    configured.add(s);
  }, all, (s, text) => {
    if (!configured.has(s) && s.attributes.rotationEnabled === false) s.attributes.rotationEnabled = unknown(text);
  });
  return all;
}
