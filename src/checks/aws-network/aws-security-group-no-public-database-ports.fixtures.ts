import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

const port = (p: number, over: Parameters<typeof rule>[0] = {}) => group(rule({ fromPort: p, toPort: p, ...over }));

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    port(5432, { cidrs: [], sourceSecurityGroups: ['aws_security_group.app'] }),
    port(3306, { cidrs: ['10.0.0.0/16'] }),
    group(rule({ fromPort: 8000, toPort: 9000 })),
    port(11211, { protocol: 'icmp' }),
  ],
  fail: [
    { attributes: port(3306), reason: 'public_mysql' },
    { attributes: port(5432, { cidrs: [], ipv6Cidrs: ['::/0'] }), reason: 'public_postgresql' },
    { attributes: port(1433), reason: 'public_sqlserver' },
    { attributes: port(1521), reason: 'public_oracle' },
    { attributes: group(rule({ fromPort: 27017, toPort: 27019 })), reason: 'public_mongodb' },
    { attributes: port(6379), reason: 'public_redis' },
    { attributes: group(rule({ fromPort: 9200, toPort: 9300 })), reason: 'public_elasticsearch' },
    { attributes: port(5439), reason: 'public_redshift' },
    { attributes: port(9042), reason: 'public_cassandra' },
    { attributes: port(11211, { protocol: 'udp' }), reason: 'public_memcached' },
    { attributes: group(rule({ fromPort: 3000, toPort: 6000 })), reason: 'public_database_ports' },
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0 })), reason: 'public_database_ports' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: port(5432, { cidrs: [{ $unknown: 'var.allowed_cidr' }] }), reason: 'unknown_value' },
    { attributes: group(rule({ fromPort: { $unknown: 'var.db_port' }, toPort: { $unknown: 'var.db_port' } })), reason: 'unknown_value' },
  ],
});
