import { defineCheck } from '../types.js';
import { requireRetention } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-cluster-backup-retention',
    title: 'Aurora and RDS clusters keep automated backups for at least 7 days',
    description: 'The cluster\'s backup retention sets how far back point-in-time recovery reaches for all its instances. Less than a week leaves too little time to notice a bad migration or a silent corruption before the last good copy expires.',
    severity: 'medium',
    resourceType: 'aws.rds.cluster',
    controls: ['BCP-01'],
    remediation: {
      text: 'Set the cluster\'s backup retention period to 7 days or more (up to 35).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_rds_cluster" "main" {
  engine                  = "aurora-postgresql"
  backup_retention_period = 14
}`,
      },
    },
  },
  evaluate({ attributes: { backupRetentionDays } }) {
    return requireRetention(backupRetentionDays, 7, 'cluster');
  },
});
