import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-config-recorder-all-resource-types',
    title: 'AWS Config records every supported resource type, global ones included',
    description: 'A recorder should record all supported resource types, so new kinds of resources enter the inventory without anyone editing a list, and include global resource types (IAM users, roles and policies), whose changes matter most. Global types need recording in one region only: in the other regions, suppress the global_types_excluded finding with that reason.',
    severity: 'medium',
    resourceType: 'aws.config.recorder',
    controls: ['AST-02', 'VUL-06'],
    remediation: {
      text: 'Record all supported resource types, and include global ones in the region that records them.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = aws_iam_role.config.arn
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}`,
      },
    },
  },
  evaluate({ attributes: { allSupported, includeGlobalResourceTypes: global } }) {
    if (isUnknown(allSupported)) return unknownOutcome('unknown_value', `whether all resource types are recorded depends on ${allSupported.$unknown}`);
    if (!allSupported) return fail('not_all_supported', 'the recorder records a chosen list of resource types, not all supported ones');
    if (isUnknown(global)) return unknownOutcome('unknown_value', `whether global resource types are recorded depends on ${global.$unknown}`);
    return global ? pass() : fail('global_types_excluded', 'the recorder leaves out global resource types such as IAM users, roles and policies');
  },
});
