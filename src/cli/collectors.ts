// The collectors `attest scan` uses, loaded on demand (so other commands start fast).
// Files are handed over by the path the user sees (relative to where the scan started),
// which is also what findings and inline suppressions refer to.
import type { CollectorSet } from '../app/scan-run.js';
import type { ScanFile } from '../collectors/files.js';

const isData = (f: ScanFile) => f.kind === 'yaml' || f.kind === 'json';
const looksLikePlan = (f: ScanFile) => f.kind === 'json' && f.text.includes('"planned_values"') && f.text.includes('"terraform_version"');
const looksLikeCloudFormation = (f: ScanFile) => isData(f) && (f.text.includes('AWSTemplateFormatVersion') || /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(f.text));

export async function loadCollectors(): Promise<CollectorSet> {
  const [terraform, cloudformation, kubernetes, dockerfile, github, secrets] = await Promise.all([
    import('../collectors/terraform/index.js'),
    import('../collectors/cloudformation/index.js'),
    import('../collectors/kubernetes/index.js'),
    import('../collectors/dockerfile/index.js'),
    import('../collectors/github-actions/index.js'),
    import('../collectors/secrets/index.js'),
  ]);
  return {
    terraform: (files) => terraform.collectTerraform(files.map((f) => f.display)),
    byFile: [
      { name: 'github-actions', detect: (f) => f.kind === 'github-workflow', collect: (f) => github.collectGithubWorkflow(f.display, f.text) },
      { name: 'dockerfile', detect: (f) => f.kind === 'dockerfile', collect: (f) => dockerfile.collectDockerfile(f.display, f.text) },
      { name: 'terraform-plan', detect: looksLikePlan, collect: (f) => terraform.collectTerraformPlan(f.display) },
      { name: 'cloudformation', detect: looksLikeCloudFormation, collect: (f) => cloudformation.collectCloudFormation(f.display, f.text) },
      { name: 'kubernetes', detect: (f) => isData(f) && kubernetes.isKubernetesManifest(f.text), collect: (f) => kubernetes.collectKubernetes(f.display, f.text) },
    ],
    secrets: (f) => secrets.findSecrets(f.display, f.text),
  };
}
