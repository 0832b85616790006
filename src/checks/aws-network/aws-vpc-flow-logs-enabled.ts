import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-vpc-flow-logs-enabled',
    title: 'VPCs record flow logs',
    description: 'Every VPC should send flow logs (which addresses talked to which, on which ports, accepted or rejected) to CloudWatch Logs or S3. Without them there is no record to investigate an intrusion or data exfiltration with, and the threat detection service has less to analyse.',
    severity: 'medium',
    resourceType: 'aws.ec2.vpc',
    controls: ['NET-06'],
    remediation: {
      text: 'Attach a flow log capturing all traffic to the VPC, delivered to your central log bucket or log group.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.flowLogsEnabled, 'flow_logs_disabled', 'the VPC has no flow log'),
});
