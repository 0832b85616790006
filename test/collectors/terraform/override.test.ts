// Override files merge into the module's other files the way Terraform merges them.
import { describe, expect, it } from 'vitest';
import { collectFixture, fixture, get } from './helpers.js';

describe('Terraform override files', () => {
  it('merges arguments, nested blocks and locals, and reports an override with no original', async () => {
    const c = await collectFixture('override');
    // A local replaced in override.tf reaches every use of it.
    const bucket = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.data');
    expect(bucket.name).toBe('acme-prod-data');
    // The nested block of the override replaces the original's; the bucket argument it did not set stays.
    expect(bucket.attributes.versioning).toBe(true);
    // An argument from a JSON override file; its value (a variable without default) is unknown, with its text.
    const db = get(c.resources, 'aws.rds.instance', 'aws_db_instance.main');
    expect(db.attributes.storageEncrypted).toEqual({ $unknown: 'var.encrypt' });
    // The resource stays where it is declared.
    expect(db.source).toMatchObject({ path: fixture('override', 'main.tf'), startLine: 19 });
    // An override block Terraform would refuse: reported, not created.
    expect(c.resources.some((r) => r.id === 'aws_sns_topic.nowhere')).toBe(false);
    expect(c.problems).toEqual([{ path: fixture('override', 'override.tf'), line: 11, message: 'override of resource aws_sns_topic nowhere: no such block in the module; ignored' }]);
  });
});
