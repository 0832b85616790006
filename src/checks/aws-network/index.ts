// AWS checks: network exposure, load balancers, CDN, threat detection, configuration recording, containers and Kubernetes control planes.
import type { AnyCheck } from '../types.js';
import awsSecurityGroupNoPublicSsh from './aws-security-group-no-public-ssh.js';
import awsSecurityGroupNoPublicRdp from './aws-security-group-no-public-rdp.js';
import awsSecurityGroupNoPublicDatabasePorts from './aws-security-group-no-public-database-ports.js';
import awsSecurityGroupNoPublicAdminPorts from './aws-security-group-no-public-admin-ports.js';
import awsSecurityGroupNoPublicAllTraffic from './aws-security-group-no-public-all-traffic.js';
import awsSecurityGroupPublicIngressWebOnly from './aws-security-group-public-ingress-web-only.js';
import awsVpcFlowLogsEnabled from './aws-vpc-flow-logs-enabled.js';
import awsElbListenersEncrypted from './aws-elb-listeners-encrypted.js';
import awsElbTlsPolicyModern from './aws-elb-tls-policy-modern.js';
import awsElbAccessLogs from './aws-elb-access-logs.js';
import awsElbDropInvalidHeaders from './aws-elb-drop-invalid-headers.js';
import awsCloudfrontHttpsOnly from './aws-cloudfront-https-only.js';
import awsCloudfrontTlsVersion from './aws-cloudfront-tls-version.js';
import awsCloudfrontAccessLogging from './aws-cloudfront-access-logging.js';
import awsCloudfrontWaf from './aws-cloudfront-waf.js';
import awsGuarddutyEnabled from './aws-guardduty-enabled.js';
import awsConfigRecorderEnabled from './aws-config-recorder-enabled.js';
import awsConfigRecorderAllResourceTypes from './aws-config-recorder-all-resource-types.js';
import awsEcrScanOnPush from './aws-ecr-scan-on-push.js';
import awsEcrImmutableTags from './aws-ecr-immutable-tags.js';
import awsEksEndpointNotPublic from './aws-eks-endpoint-not-public.js';
import awsEksControlPlaneLogging from './aws-eks-control-plane-logging.js';
import awsEksSecretsEncryption from './aws-eks-secrets-encryption.js';

export const awsNetworkChecks = [
  awsSecurityGroupNoPublicSsh,
  awsSecurityGroupNoPublicRdp,
  awsSecurityGroupNoPublicDatabasePorts,
  awsSecurityGroupNoPublicAdminPorts,
  awsSecurityGroupNoPublicAllTraffic,
  awsSecurityGroupPublicIngressWebOnly,
  awsVpcFlowLogsEnabled,
  awsElbListenersEncrypted,
  awsElbTlsPolicyModern,
  awsElbAccessLogs,
  awsElbDropInvalidHeaders,
  awsCloudfrontHttpsOnly,
  awsCloudfrontTlsVersion,
  awsCloudfrontAccessLogging,
  awsCloudfrontWaf,
  awsGuarddutyEnabled,
  awsConfigRecorderEnabled,
  awsConfigRecorderAllResourceTypes,
  awsEcrScanOnPush,
  awsEcrImmutableTags,
  awsEksEndpointNotPublic,
  awsEksControlPlaneLogging,
  awsEksSecretsEncryption,
] as AnyCheck[];
