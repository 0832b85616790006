import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-rds-cluster-multi-az',
    title: 'Aurora and RDS clusters span at least two availability zones',
    description: 'A cluster whose instances all sit in one availability zone goes down with that zone, even though Aurora replicates its storage across three. With instances in two zones or more, a replica is promoted in about a minute.',
    severity: 'medium',
    resourceType: 'aws.rds.cluster',
    controls: ['BCP-05'],
    remediation: {
      text: 'Run at least two instances in the cluster, in different availability zones (or declare two or more zones for a Multi-AZ DB cluster).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_rds_cluster_instance" "main" {
  count              = 2
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.main.engine
  availability_zone  = data.aws_availability_zones.available.names[count.index]
}`,
      },
    },
  },
  evaluate({ attributes: { availabilityZones } }) {
    if (availabilityZones === null) return notApplicable('not_observable');
    if (isUnknown(availabilityZones)) return unknownOutcome('unknown_value', `the cluster's availability zones depend on ${availabilityZones.$unknown}`);
    return availabilityZones >= 2 ? pass() : fail('single_az', `the cluster spans ${availabilityZones} availability zone${availabilityZones === 1 ? '' : 's'}`);
  },
});
