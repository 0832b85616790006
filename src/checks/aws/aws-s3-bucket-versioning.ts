import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-versioning',
    title: 'S3 buckets keep object versions',
    description: 'With versioning on, an overwritten or deleted object can be brought back from an earlier version. It protects stored data against mistakes, faulty deployments and ransomware-style overwrites, and is the basis for replication and object lock.',
    severity: 'low',
    resourceType: 'aws.s3.bucket',
    controls: ['PI-05', 'BCP-01'],
    remediation: {
      text: 'Enable versioning on the bucket, and add a lifecycle rule that expires noncurrent versions after the retention you need.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}`,
      },
    },
  },
  evaluate({ attributes: { versioning } }) {
    return requireTrue(versioning, 'versioning_disabled', 'versioning is not enabled on the bucket');
  },
});
