import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-cluster-storage-encrypted',
    title: 'Aurora and RDS clusters encrypt their storage',
    description: 'A cluster\'s storage encryption covers its shared volume, every instance in it, its backups and snapshots. Like an instance\'s, it is fixed at creation: an unencrypted cluster can only be fixed by restoring an encrypted copy.',
    severity: 'high',
    resourceType: 'aws.rds.cluster',
    controls: ['CRY-01'],
    remediation: {
      text: 'Create the cluster with storage encryption, preferably with a KMS key you manage.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_rds_cluster" "main" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.rds.arn
}`,
      },
    },
  },
  evaluate({ attributes: { storageEncrypted } }) {
    return requireTrue(storageEncrypted, 'storage_not_encrypted', 'the cluster\'s storage is not encrypted');
  },
});
