import { defineCheck } from '../types.js';
import { notApplicable, requireTrue } from '../util.js';
import { isClusterMember } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-instance-multi-az',
    title: 'RDS instances run in more than one availability zone',
    description: 'A Multi-AZ deployment keeps a synchronous standby in another availability zone and fails over to it automatically, so losing one zone does not take the database down. Aurora instances get their redundancy from the cluster and its replicas.',
    severity: 'medium',
    resourceType: 'aws.rds.instance',
    controls: ['BCP-05'],
    remediation: {
      text: 'Enable Multi-AZ on production instances.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  multi_az       = true
}`,
      },
    },
  },
  evaluate({ attributes: { multiAz, clusterId } }) {
    if (isClusterMember(clusterId)) return notApplicable('cluster_member');
    return requireTrue(multiAz, 'single_az', 'the instance runs in a single availability zone');
  },
});
