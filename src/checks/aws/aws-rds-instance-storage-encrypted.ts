import { defineCheck } from '../types.js';
import { notApplicable, requireTrue } from '../util.js';
import { isClusterMember } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-instance-storage-encrypted',
    title: 'RDS instances encrypt their storage',
    description: 'Storage encryption covers the database files, its automated backups, snapshots and read replicas. It can only be chosen when the instance is created, so an unencrypted database has to be migrated later. Aurora instances take the setting from their cluster and are judged there.',
    severity: 'high',
    resourceType: 'aws.rds.instance',
    controls: ['CRY-01'],
    remediation: {
      text: 'Create the instance with storage encryption, preferably with a KMS key you manage; migrate an existing one through an encrypted snapshot copy.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.rds.arn
}`,
      },
    },
  },
  evaluate({ attributes: { storageEncrypted, clusterId } }) {
    if (isClusterMember(clusterId)) return notApplicable('cluster_member');
    return requireTrue(storageEncrypted, 'storage_not_encrypted', 'the instance\'s storage is not encrypted');
  },
});
