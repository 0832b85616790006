import { defineCheck } from '../types.js';
import { evaluateIngress, type PortTarget } from './shared/security-group.js';

const tcp = (reason: string, name: string, from: number, to = from): PortTarget => ({ reason, name, from, to, tcp: true, udp: false });

// Default ports of the data stores teams run on AWS. The fail reason names the engine; a rule
// that opens several of them at once (a wide range, all traffic) fails as `public_database_ports`.
const DATABASES: readonly PortTarget[] = [
  tcp('public_mysql', 'MySQL/MariaDB/Aurora MySQL', 3306),
  tcp('public_postgresql', 'PostgreSQL/Aurora PostgreSQL', 5432),
  tcp('public_sqlserver', 'SQL Server', 1433),
  tcp('public_oracle', 'Oracle', 1521),
  tcp('public_mongodb', 'MongoDB/DocumentDB', 27017),
  tcp('public_redis', 'Redis/Valkey', 6379),
  tcp('public_elasticsearch', 'Elasticsearch/OpenSearch', 9200),
  tcp('public_redshift', 'Redshift', 5439),
  tcp('public_cassandra', 'Cassandra/Keyspaces', 9042),
  { reason: 'public_memcached', name: 'Memcached', from: 11211, to: 11211, tcp: true, udp: true },
];

export default defineCheck({
  meta: {
    id: 'aws-security-group-no-public-database-ports',
    title: 'Security groups keep database ports closed to the internet',
    description: 'Flags every ingress rule that lets 0.0.0.0/0 or ::/0 reach the default port of a database or cache: MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, MongoDB 27017, Redis 6379, Elasticsearch 9200, Redshift 5439, Cassandra 9042 and Memcached 11211, counting ranges and all-traffic rules that contain them. Data stores belong in private subnets reachable only from the application tier; an internet-facing database port is one weak password away from a breach. The reason names the engine (public_mysql, public_redis…), or is public_database_ports when one rule opens several.',
    severity: 'critical',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-03', 'NET-02', 'NET-01'],
    remediation: {
      text: 'Allow the database port only from the security group of the services that use it, and keep the database in a private subnet.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "postgres_from_app" {
  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}`,
      },
    },
  },
  evaluate: ({ attributes }) => evaluateIngress(attributes, DATABASES, 'public_database_ports', 'database ports'),
});
