// The CloudFormation collector: a template (YAML with short-form intrinsics, or JSON) →
// normalized AWS resources with their file and lines. Nothing in the template is executed or
// fetched: values that depend on the deployment (parameters without defaults, pseudo
// parameters, imports, attributes of created resources) are unknown.
import { isDocument, isMap, isScalar, type Document } from 'yaml';
import { isUnknown, type Resource } from '../../domain/resources/index.js';
import { Context, type Normalizer, type TemplateResource } from './context.js';
import { Evaluator, isMapValue, own } from './evaluate.js';
import { bucket } from './families/s3.js';
import { group, inlinePolicy, managedPolicy, role, user } from './families/iam.js';
import { securityGroup, vpc } from './families/network.js';
import { distribution, loadBalancerClassic, loadBalancerV2 } from './families/loadbalancing.js';
import { dbCluster, dbInstance, globalTable, kmsKey, table, volume } from './families/data.js';
import { configRecorder, detector, eksCluster, logGroup, queue, repository, secret, topic, trail } from './families/services.js';
import { parseTemplate, type Problem, type Raw } from './parse.js';

export type { Problem } from './parse.js';

/**
 * CloudFormation type → normalizer. Companion types (bucket policies, rule resources, flow
 * logs, listeners, access keys, rotation schedules, delivery channels) have none: they are
 * folded into the resource they configure.
 */
const NORMALIZERS: Record<string, Normalizer> = {
  'AWS::S3::Bucket': bucket,
  'AWS::CloudTrail::Trail': trail,
  'AWS::RDS::DBInstance': dbInstance,
  'AWS::RDS::DBCluster': dbCluster,
  'AWS::EC2::Volume': volume,
  'AWS::KMS::Key': kmsKey,
  'AWS::IAM::Policy': inlinePolicy,
  'AWS::IAM::UserPolicy': inlinePolicy,
  'AWS::IAM::RolePolicy': inlinePolicy,
  'AWS::IAM::GroupPolicy': inlinePolicy,
  'AWS::IAM::ManagedPolicy': managedPolicy,
  'AWS::IAM::User': user,
  'AWS::IAM::Group': group,
  'AWS::IAM::Role': role,
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::VPC': vpc,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancerV2,
  'AWS::ElasticLoadBalancing::LoadBalancer': loadBalancerClassic,
  'AWS::CloudFront::Distribution': distribution,
  'AWS::GuardDuty::Detector': detector,
  'AWS::Config::ConfigurationRecorder': configRecorder,
  'AWS::DynamoDB::Table': table,
  'AWS::DynamoDB::GlobalTable': globalTable,
  'AWS::ECR::Repository': repository,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::SNS::Topic': topic,
  'AWS::SQS::Queue': queue,
  'AWS::SecretsManager::Secret': secret,
  'AWS::EKS::Cluster': eksCluster,
};

/** The CloudFormation types that become normalized resources (companion types fold into these). */
export const SUPPORTED_TYPES: readonly string[] = Object.keys(NORMALIZERS);

export interface CloudFormationResult {
  resources: Resource[];
  problems: Problem[];
}

/**
 * Whether a parsed document is a CloudFormation template: a top-level `AWSTemplateFormatVersion`,
 * or `Resources` with at least one member whose `Type` starts with `AWS::`. Takes a `yaml`
 * Document or the plain value (`doc.toJS()`, `JSON.parse`).
 */
export function isCloudFormation(parsedDocument: unknown): boolean {
  if (isDocument(parsedDocument)) return isCloudFormationDocument(parsedDocument);
  if (!isMapValue(parsedDocument)) return false;
  const root = parsedDocument as Record<string, unknown>;
  if (Object.hasOwn(root, 'AWSTemplateFormatVersion')) return true;
  const resources = Object.hasOwn(root, 'Resources') ? root.Resources : undefined;
  if (!isMapValue(resources)) return false;
  return Object.values(resources as Record<string, unknown>).some((r) => {
    const type = isMapValue(r) ? (r as Record<string, unknown>).Type : undefined;
    return typeof type === 'string' && type.startsWith('AWS::');
  });
}

function isCloudFormationDocument(doc: Document): boolean {
  const root = doc.contents;
  if (!isMap(root)) return false;
  if (root.has('AWSTemplateFormatVersion')) return true;
  const resources = root.get('Resources');
  if (!isMap(resources)) return false;
  return resources.items.some((pair) => {
    const type = isMap(pair.value) ? pair.value.get('Type', true) : undefined;
    return isScalar(type) && typeof type.value === 'string' && type.value.startsWith('AWS::');
  });
}

/**
 * Parse and normalize one template. A file that is not a CloudFormation template gives nothing;
 * a syntax error gives a problem with its line, never an exception.
 */
export function collectCloudFormation(path: string, text: string): CloudFormationResult {
  try {
    return collect(path, text);
  } catch (e) {
    // A template nested deeper than the stack allows, say: the file is reported, the scan goes on.
    return { resources: [], problems: [{ path, line: null, message: `could not read the template: ${(e as Error).message}` }] };
  }
}

function collect(path: string, text: string): CloudFormationResult {
  const parsed = parseTemplate(path, text);
  if (!parsed.ok) return { resources: [], problems: parsed.problems };
  const { root, spans, problems } = parsed.template;
  if (!isCloudFormation(root) || !isMapValue(root)) return { resources: [], problems: [] };

  const rootMap = root as { [key: string]: Raw };
  const evaluator = new Evaluator(rootMap, spans, problems, path);
  const declared = own(rootMap, 'Resources');
  const templateResources: TemplateResource[] = [];
  for (const [logicalId, def] of Object.entries(isMapValue(declared) ? (declared as { [key: string]: Raw }) : {})) {
    const span = typeof def === 'object' && def !== null ? spans.get(def) : undefined;
    if (logicalId.startsWith('Fn::ForEach::')) {
      problems.push({ path, line: span?.startLine ?? null, message: `${logicalId}: Fn::ForEach loops are not expanded; the resources they create are not scanned` });
      continue;
    }
    const entry = evaluator.resources.get(logicalId);
    if (!entry) {
      problems.push({ path, line: span?.startLine ?? null, message: `resource ${logicalId} has no Type` });
      continue;
    }
    const exists = evaluator.resourceCondition(logicalId);
    if (exists === false) continue;
    templateResources.push({
      logicalId,
      type: entry.type,
      id: `${path}#${logicalId}`,
      span: span ?? { startLine: 1, endLine: 1 },
      exists: isUnknown(exists) ? exists : true,
      get: (name) => {
        const props = evaluator.properties(logicalId);
        return isUnknown(props) ? props : own(props, name);
      },
    });
  }

  const ctx = new Context(path, templateResources, evaluator, spans);
  const resources: Resource[] = [];
  for (const r of templateResources) {
    const normalize = NORMALIZERS[r.type];
    if (normalize) resources.push(...normalize(r, ctx));
  }
  return { resources, problems };
}
