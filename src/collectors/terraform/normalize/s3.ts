// aws_s3_bucket and the resources that configure it since AWS provider v4
// (_server_side_encryption_configuration, _versioning, _logging, _public_access_block, _acl,
// _policy), plus the inline blocks of provider v3 (legacy) configurations.
import { unknown, type Resource } from '../../../domain/resources/index.js';
import type { S3Bucket } from '../../../domain/resources/aws.js';
import type { EBody } from '../eval/body.js';
import { isUnk, type Value } from '../eval/values.js';
import { attr, block, blocks, bool, link, resource, str, Targets, type NormalizeContext, type TfResource, kmsKey } from './common.js';
import { policyDocument } from './policy.js';

type Setting = 'encryption' | 'versioning' | 'logging' | 'publicAccessBlock' | 'acl' | 'policy';

interface Bucket {
  r: Resource<S3Bucket>;
  /** Settings the configuration states (inline or through a companion). */
  set: Set<Setting>;
}

function encryptionOf(config: EBody | null): S3Bucket['encryption'] {
  for (const rule of blocks(config, 'rule')) {
    const def = block(rule, 'apply_server_side_encryption_by_default');
    if (!def) continue;
    return { algorithm: str(attr(def, 'sse_algorithm')) ?? unknown('sse_algorithm (not set)'), kmsKeyId: kmsKey(attr(def, 'kms_master_key_id')) };
  }
  return null;
}

function versioningStatus(v: Value | undefined): S3Bucket['versioning'] {
  if (v === undefined || v === null) return false;
  if (isUnk(v)) return unknown(v.$unknown);
  return v === 'Enabled';
}

export function s3(ctx: NormalizeContext): Resource<unknown>[] {
  const targets = new Targets<Bucket>();
  const all: Bucket[] = [];
  for (const r of ctx.of('aws_s3_bucket')) {
    const a = r.body.attrs;
    const bucketName = a.bucket !== undefined ? str(a.bucket) : a.bucket_prefix !== undefined ? unknown(`${r.address}.bucket (bucket_prefix)`) : null;
    const set = new Set<Setting>();
    // Inline (provider v3) settings; the separate resources below take precedence.
    const sse = block(r.body, 'server_side_encryption_configuration');
    const versioning = block(r.body, 'versioning');
    const logging = block(r.body, 'logging');
    const attrs: S3Bucket = {
      bucketName,
      encryption: sse ? encryptionOf(sse) : null,
      versioning: versioning ? bool(attr(versioning, 'enabled'), false) : false,
      logging: logging ? { targetBucket: str(attr(logging, 'target_bucket')) ?? unknown('target_bucket (not set)') } : null,
      publicAccessBlock: null,
      acl: str(a.acl),
      policy: policyDocument(a.policy),
    };
    if (sse) set.add('encryption');
    if (versioning) set.add('versioning');
    if (logging) set.add('logging');
    if (a.acl !== undefined && a.acl !== null) set.add('acl');
    if (a.policy !== undefined && a.policy !== null) set.add('policy');
    const bucket = { r: resource('aws.s3.bucket', r, bucketName, attrs), set };
    all.push(bucket);
    targets.add(r, bucket, bucketName);
  }

  const companion = (type: string, setting: Setting, apply: (b: S3Bucket, c: TfResource) => void, ifUnknown: (b: S3Bucket, text: string) => void) =>
    link(ctx, ctx.of(type), targets, 'bucket', (b, c) => {
      apply(b.r.attributes, c);
      b.set.add(setting);
    }, all, (b, text) => {
      if (!b.set.has(setting)) ifUnknown(b.r.attributes, text);
    });

  companion('aws_s3_bucket_server_side_encryption_configuration', 'encryption', (b, c) => {
    b.encryption = encryptionOf(c.body);
  }, (b, t) => {
    b.encryption = { algorithm: unknown(t), kmsKeyId: null };
  });
  companion('aws_s3_bucket_versioning', 'versioning', (b, c) => {
    b.versioning = versioningStatus(attr(block(c.body, 'versioning_configuration'), 'status'));
  }, (b, t) => {
    b.versioning = unknown(t);
  });
  companion('aws_s3_bucket_logging', 'logging', (b, c) => {
    b.logging = { targetBucket: str(c.body.attrs.target_bucket) ?? unknown('target_bucket (not set)') };
  }, (b, t) => {
    b.logging = { targetBucket: unknown(t) };
  });
  companion('aws_s3_bucket_public_access_block', 'publicAccessBlock', (b, c) => {
    const a = c.body.attrs;
    b.publicAccessBlock = {
      blockPublicAcls: bool(a.block_public_acls, false),
      ignorePublicAcls: bool(a.ignore_public_acls, false),
      blockPublicPolicy: bool(a.block_public_policy, false),
      restrictPublicBuckets: bool(a.restrict_public_buckets, false),
    };
  }, (b, t) => {
    b.publicAccessBlock = { blockPublicAcls: unknown(t), ignorePublicAcls: unknown(t), blockPublicPolicy: unknown(t), restrictPublicBuckets: unknown(t) };
  });
  companion('aws_s3_bucket_acl', 'acl', (b, c) => {
    const a = c.body.attrs;
    b.acl = a.acl !== undefined && a.acl !== null ? str(a.acl) : block(c.body, 'access_control_policy') ? unknown(`${c.address}.access_control_policy (grants)`) : null;
  }, (b, t) => {
    b.acl = unknown(t);
  });
  companion('aws_s3_bucket_policy', 'policy', (b, c) => {
    b.policy = policyDocument(c.body.attrs.policy);
  }, (b, t) => {
    b.policy = unknown(t);
  });
  return all.map((b) => b.r);
}
