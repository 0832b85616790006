// `attest scan` end to end: every input kind, the output formats, exit codes, suppressions,
// baseline, bad input, and recording into the workspace.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { attest, tempDir } from './harness.js';

const Ajv = (ajvDraft04 as unknown as { default: typeof ajvDraft04.default }).default;
const sarifSchema = JSON.parse(readFileSync(new URL('../../../shared/reference/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

function writeTree(root: string, files: Record<string, string | Buffer>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const TREE = {
  'infra/main.tf': `resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

# attest:ignore aws-security-group-no-public-ssh reason="bastion host, access limited by the network ACL"
resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
  'infra/broken.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = \n',
  'cfn/stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${AWS::StackName}-data"
`,
  'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext: { privileged: true }
`,
  Dockerfile: 'FROM node:20\nRUN npm ci\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/action@v1\n',
  'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
};

describe('attest scan', () => {
  const root = tempDir('attest-scan-');
  beforeAll(() => {
    writeTree(root, TREE);
    symlinkSync(root, join(root, 'k8s', 'loop'));
  });

  it('scans every input kind, reports parse errors and skipped files, and exits 1 on findings', async () => {
    const r = await attest(['scan', '.', '--format', 'json'], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    const failing = new Set((out.findings as { checkId: string; status: string }[]).filter((f) => f.status === 'fail').map((f) => f.checkId));
    for (const id of ['aws-s3-bucket-encryption', 'k8s-workload-privileged', 'docker-non-root-user', 'github-action-pinned-sha']) expect(failing).toContain(id);
    const types = new Set((out.findings as { resourceType: string }[]).map((f) => f.resourceType));
    expect(types).toEqual(new Set(['aws.s3.bucket', 'aws.ec2.security-group', 'k8s.workload', 'container.dockerfile', 'ci.github.workflow']));
    // The CloudFormation bucket is found too, under its template path.
    expect((out.findings as { resourceId: string }[]).some((f) => f.resourceId === 'cfn/stack.yaml#Data')).toBe(true);
    expect(out.problems).toEqual([expect.objectContaining({ path: 'infra/broken.tf', line: expect.any(Number) })]);
    expect(out.notices.map((n: { path: string; message: string }) => `${n.path}: ${n.message}`)).toContain('logo.png: skipped: binary file');
    // The suppression with a reason applied, with its reason carried along.
    const ssh = (out.findings as { checkId: string; status: string; suppression?: { reason: string } }[]).find((f) => f.checkId === 'aws-security-group-no-public-ssh');
    expect(ssh).toMatchObject({ status: 'suppressed', suppression: { reason: 'bastion host, access limited by the network ACL' } });
    expect(out.findings[0]).toMatchObject({ controls: expect.any(Array), criteria: expect.any(Array), remediation: expect.any(String) });
  }, 60_000);

  it('prints a table grouped by control with a summary', async () => {
    const r = await attest(['scan', 'infra', 'k8s'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^CRY-01 Data stores encrypted at rest {2}\(SOC 2 CC6\.1, C1\.1\)$/m);
    expect(r.stdout).toMatch(/CRITICAL k8s-workload-privileged {2}Deployment\/default\/web {2}k8s\/web\.yaml:\d+/);
    expect(r.stdout).toMatch(/Could not parse:\n {2}infra\/broken\.tf:\d+: /);
    expect(r.stdout).toMatch(/^Scanned \d+ file\(s\), \d+ resource\(s\) with \d+ check\(s\): \d+ failing \(1 critical/m);
  }, 60_000);

  it('writes SARIF that validates, and JUnit that parses', async () => {
    const sarif = await attest(['scan', '.', '--format', 'sarif', '--output', 'out.sarif'], { cwd: root });
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(sarifSchema);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.runs[0].results.some((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.ruleId === 'k8s-workload-privileged' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'k8s/web.yaml')).toBe(true);
    const junit = await attest(['scan', 'k8s', '--format', 'junit'], { cwd: root });
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    expect(junit.stdout).toMatch(/<testsuite name="k8s-workload-privileged" tests="1" failures="1"/);
  }, 60_000);

  it('sets the exit code by --fail-on and narrows with --check / --skip-check', async () => {
    expect((await attest(['scan', 'Dockerfile', '--fail-on', 'critical'], { cwd: root })).code).toBe(0);
    expect((await attest(['scan', 'Dockerfile', '--fail-on', 'medium'], { cwd: root })).code).toBe(1);
    const only = await attest(['scan', '.', '--check', 'k8s-workload-privileged', '--format', 'json'], { cwd: root });
    expect(new Set(JSON.parse(only.stdout).findings.map((f: { checkId: string }) => f.checkId))).toEqual(new Set(['k8s-workload-privileged']));
    const skipped = await attest(['scan', 'k8s', '--skip-check', 'k8s-workload-privileged', '--format', 'json'], { cwd: root });
    expect(JSON.parse(skipped.stdout).findings.map((f: { checkId: string }) => f.checkId)).not.toContain('k8s-workload-privileged');
  }, 60_000);

  it('refuses bad usage with exit 2, naming the problem', async () => {
    const bad = await attest(['scan', '.', '--format', 'pdf', '--fail-on', 'urgent', '--check', 'no-such-check'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/format/);
    expect(bad.stderr).toMatch(/fail-on/);
    expect(bad.stderr).toMatch(/no check "no-such-check"/);
    const missing = await attest(['scan', 'nowhere'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere: no such file or folder/);
  }, 60_000);

  it('applies config suppressions until they expire, and reports only new findings against a baseline', async () => {
    const dir = tempDir('attest-scan-cfg-');
    writeTree(dir, { 'Dockerfile': 'FROM node:20\n' });
    writeFileSync(join(dir, '.attest.yaml'), 'scan:\n  suppressions:\n    - check: docker-non-root-user\n      reason: "runs as root in a gVisor sandbox"\n      expires: 2099-01-01\n    - check: docker-healthcheck\n      reason: "old decision"\n      expires: 2020-01-01\n');
    const r = await attest(['scan', '.', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).findings as { checkId: string; status: string }[];
    expect(findings.find((f) => f.checkId === 'docker-non-root-user')?.status).toBe('suppressed');
    expect(findings.find((f) => f.checkId === 'docker-healthcheck')?.status).toBe('fail');
    expect(r.stderr).toMatch(/docker-healthcheck expired on 2020-01-01/);

    const base = await attest(['scan', '.', '--write-baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    expect(base.code).toBe(1);
    const again = await attest(['scan', '.', '--baseline', 'baseline.json'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nADD https://example.com/tool.tgz /opt/\n');
    const changed = await attest(['scan', '.', '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(JSON.parse(changed.stdout).findings.filter((f: { status: string }) => f.status === 'fail').map((f: { checkId: string }) => f.checkId)).toEqual(['docker-add-remote-url']);

    writeFileSync(join(dir, '.attest.yaml'), 'scan:\n  suppressions:\n    - check: docker-non-root-user\n      expires: someday\n  colour: blue\n');
    const badConfig = await attest(['scan', '.'], { cwd: dir });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/suppressions\.0\.reason/);
    expect(badConfig.stderr).toMatch(/suppressions\.0\.expires/);
    expect(badConfig.stderr).toMatch(/scan\.colour/);
  }, 60_000);

  it('records the scan in the workspace, and the control it evidences turns failing', async () => {
    const dir = tempDir('attest-scan-ws-');
    expect((await attest(['init', '--org', 'Scan Co'], { cwd: dir })).code).toBe(0);
    writeTree(dir, { 'infra/main.tf': TREE['infra/main.tf'] });
    const r = await attest(['scan', 'infra'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/recorded as scan [0-9a-f-]{36} in the workspace/);
    const controls = JSON.parse((await attest(['controls', '--json'], { cwd: dir })).stdout) as { id: string; status: string; explanation: string }[];
    const cry01 = controls.find((c) => c.id === 'CRY-01')!;
    expect(cry01.status).toBe('failing');
    expect(cry01.explanation).toMatch(/^failing: aws-s3-bucket-encryption fails on 1 of 1 aws\.s3\.bucket resource/);
    const none = await attest(['scan', 'infra', '--no-record'], { cwd: dir });
    expect(none.stderr).not.toMatch(/recorded/);
    const elsewhere = await attest(['scan', join(dir, 'infra'), '--record'], { cwd: tempDir() });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/attest init/);
  }, 90_000);
});
