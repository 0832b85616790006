import { defineCheck } from '../types.js';
import { notApplicable, requireTrue } from '../util.js';
import { isClusterMember } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-instance-deletion-protection',
    title: 'RDS instances are protected against deletion',
    description: 'Deletion protection makes deleting a database a two-step decision: the setting must be turned off first. It stops a mistaken terraform destroy, a renamed resource or a console slip from removing production data. Aurora instances are protected through their cluster.',
    severity: 'medium',
    resourceType: 'aws.rds.instance',
    controls: ['PI-05'],
    remediation: {
      text: 'Turn on deletion protection for production databases.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  deletion_protection = true
}`,
      },
    },
  },
  evaluate({ attributes: { deletionProtection, clusterId } }) {
    if (isClusterMember(clusterId)) return notApplicable('cluster_member');
    return requireTrue(deletionProtection, 'deletion_protection_disabled', 'deletion protection is off for the instance');
  },
});
