import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-config-recorder-enabled',
    title: 'AWS Config recorders are recording',
    description: 'A configuration recorder should be running in every account and region in use, so that the configuration of each resource and every change to it is kept as a history: the inventory an auditor samples from, and the record that shows drift from the reviewed infrastructure code. A recorder that is declared but stopped records nothing.',
    severity: 'medium',
    resourceType: 'aws.config.recorder',
    controls: ['AST-02', 'VUL-06'],
    remediation: {
      text: 'Declare a delivery channel and start the recorder.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.recording, 'not_recording', 'the configuration recorder is not recording'),
});
