import { defineCheck } from '../types.js';
import { notApplicable } from '../util.js';
import { isClusterMember, requireRetention } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-instance-backup-retention',
    title: 'RDS instances keep automated backups for at least 7 days',
    description: 'Automated backups give point-in-time recovery within the retention window. With less than a week, a problem noticed after a weekend or a slow data corruption can outlast every backup; with 0, there are none. Aurora instances are covered by their cluster\'s retention.',
    severity: 'medium',
    resourceType: 'aws.rds.instance',
    controls: ['BCP-01'],
    remediation: {
      text: 'Set the backup retention period to 7 days or more (up to 35), as your continuity plan requires.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 14
}`,
      },
    },
  },
  evaluate({ attributes: { backupRetentionDays, clusterId } }) {
    if (isClusterMember(clusterId)) return notApplicable('cluster_member');
    return requireRetention(backupRetentionDays, 7, 'instance');
  },
});
