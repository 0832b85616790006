import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-instance-not-public',
    title: 'RDS instances are not publicly accessible',
    description: 'A publicly accessible instance gets an address reachable from the internet, leaving a security group rule as the only barrier between the database and the world. Databases belong in private subnets, reached by the applications that use them.',
    severity: 'critical',
    resourceType: 'aws.rds.instance',
    controls: ['NET-01'],
    remediation: {
      text: 'Turn public accessibility off and place the instance in a DB subnet group made of private subnets; reach it through the application, a bastion or a VPN.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_db_instance" "main" {
  engine               = "postgres"
  instance_class       = "db.t4g.medium"
  publicly_accessible  = false
  db_subnet_group_name = aws_db_subnet_group.private.name
}`,
      },
    },
  },
  evaluate({ attributes: { publiclyAccessible } }) {
    if (isUnknown(publiclyAccessible)) return unknownOutcome('unknown_value', `public accessibility depends on ${publiclyAccessible.$unknown}`);
    return publiclyAccessible ? fail('publicly_accessible', 'the instance is publicly accessible') : pass();
  },
});
