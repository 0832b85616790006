import { defineFixtures } from '../types.js';

export default defineFixtures('aws.ec2.vpc', {
  pass: [{ cidr: '10.0.0.0/16', flowLogsEnabled: true }, { cidr: null, flowLogsEnabled: true }],
  fail: [{ attributes: { cidr: '10.0.0.0/16', flowLogsEnabled: false }, reason: 'flow_logs_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: { cidr: '10.0.0.0/16', flowLogsEnabled: { $unknown: 'var.enable_flow_logs' } }, reason: 'unknown_value' }],
});
