import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-cluster-deletion-protection',
    title: 'Aurora and RDS clusters are protected against deletion',
    description: 'With deletion protection, a cluster cannot be deleted until someone deliberately turns the setting off, which stops an accidental destroy or a console slip from taking production data and its instances with it.',
    severity: 'medium',
    resourceType: 'aws.rds.cluster',
    controls: ['PI-05'],
    remediation: {
      text: 'Turn on deletion protection for production clusters.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_rds_cluster" "main" {
  engine              = "aurora-postgresql"
  deletion_protection = true
}`,
      },
    },
  },
  evaluate({ attributes: { deletionProtection } }) {
    return requireTrue(deletionProtection, 'deletion_protection_disabled', 'deletion protection is off for the cluster');
  },
});
