// Account-level detection and audit services (CloudTrail, GuardDuty, AWS Config) and EKS.
import { unknown, type Resource } from '../../../domain/resources/index.js';
import type { CloudTrailTrail, ConfigRecorder, EksCluster, GuardDutyDetector } from '../../../domain/resources/aws.js';
import { isUnk } from '../eval/values.js';
import { attr, block, blocks, bool, link, optStr, resource, str, strList, Targets, type NormalizeContext, kmsKey } from './common.js';

export function cloudTrail(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_cloudtrail').map((r) => {
    const a = r.body.attrs;
    return resource<CloudTrailTrail>('aws.cloudtrail.trail', r, str(a.name), {
      trailName: str(a.name),
      logging: bool(a.enable_logging, true),
      multiRegion: bool(a.is_multi_region_trail, false),
      logFileValidation: bool(a.enable_log_file_validation, false),
      kmsKeyId: kmsKey(a.kms_key_id),
      includeGlobalServiceEvents: bool(a.include_global_service_events, true),
      cloudWatchLogsGroupArn: optStr(a.cloud_watch_logs_group_arn),
    });
  });
}

export function guardDuty(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_guardduty_detector').map((r) => resource<GuardDutyDetector>('aws.guardduty.detector', r, null, { enabled: bool(r.body.attrs.enable, true) }));
}

export function config(ctx: NormalizeContext): Resource<unknown>[] {
  const targets = new Targets<Resource<ConfigRecorder>>();
  const all: Resource<ConfigRecorder>[] = [];
  for (const r of ctx.of('aws_config_configuration_recorder')) {
    const group = block(r.body, 'recording_group');
    const name = str(r.body.attrs.name) ?? 'default';
    const rec = resource<ConfigRecorder>('aws.config.recorder', r, name, {
      // A recorder records only once a configuration_recorder_status enables it.
      recording: false,
      allSupported: bool(attr(group, 'all_supported'), true),
      includeGlobalResourceTypes: bool(attr(group, 'include_global_resource_types'), false),
    });
    targets.add(r, rec, name);
    all.push(rec);
  }
  const configured = new Set<Resource<ConfigRecorder>>();
  link(ctx, ctx.of('aws_config_configuration_recorder_status'), targets, 'name', (rec, s) => {
    rec.attributes.recording = bool(s.body.attrs.is_enabled, false);
    configured.add(rec);
  }, all, (rec, text) => {
    if (!configured.has(rec)) rec.attributes.recording = unknown(text);
  });
  return all;
}

export function eks(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_eks_cluster').map((r) => {
    const a = r.body.attrs;
    const vpc = block(r.body, 'vpc_config');
    const cidrs = attr(vpc, 'public_access_cidrs');
    const encryption = blocks(r.body, 'encryption_config');
    let secretsEncryption: EksCluster['secretsEncryption'] = false;
    for (const e of encryption) {
      const resources = e.attrs.resources;
      if (isUnk(resources)) secretsEncryption = unknown(resources.$unknown);
      else if (strList(resources).includes('secrets')) {
        secretsEncryption = true;
        break;
      }
    }
    return resource<EksCluster>('aws.eks.cluster', r, str(a.name), {
      endpointPublicAccess: bool(attr(vpc, 'endpoint_public_access'), true),
      endpointPrivateAccess: bool(attr(vpc, 'endpoint_private_access'), false),
      publicAccessCidrs: cidrs === undefined || cidrs === null ? ['0.0.0.0/0'] : strList(cidrs),
      enabledLogTypes: strList(a.enabled_cluster_log_types),
      secretsEncryption,
      version: str(a.version),
    });
  });
}
