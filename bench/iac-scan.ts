// bench/iac-scan: scanning a Terraform corpus against the floor of merely parsing its files,
// measured in the same run.
//   npm run bench -- iac-scan [--quick] [--services N] [--keep DIR]
// The corpus: N service folders (root modules) of realistic shape — buckets with their
// companion resources, security groups with inline, separate and dynamic rules, RDS and Aurora,
// IAM policies (jsonencode, heredoc, policy documents), KMS, log groups, queues, variables with
// tfvars, locals, count/for_each — calling two shared local modules.
// Floor: read + parse every file. Full scan: collectTerraform (read, parse, evaluate, normalize)
// + the check engine with every registered check.
// Last line: `iac-scan ratio=<full scan time / parse time>`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/checks/engine.js';
import { checks } from '../src/checks/registry.js';
import { parseHcl } from '../src/collectors/terraform/hcl/parser.js';
import { collectTerraform } from '../src/collectors/terraform/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const services = Number(arg('--services') ?? 240);
const keep = arg('--keep');
const rounds = quick ? 5 : 11;

let seed = 7;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

const BUCKET_MODULE = {
  'main.tf': `resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = var.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
  'variables.tf': `variable "name" {
  type = string
}
variable "kms_key_arn" {
  type    = string
  default = null
}
variable "versioning" {
  type    = bool
  default = true
}
variable "tags" {
  type    = map(string)
  default = {}
}
`,
  'outputs.tf': `output "id" {
  value = aws_s3_bucket.this.id
}
output "arn" {
  value = aws_s3_bucket.this.arn
}
`,
};

const SG_MODULE = {
  'main.tf': `resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    content {
      description = ingress.key
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
  'variables.tf': `variable "name" {}
variable "vpc_id" {}
variable "ingress" {
  type = map(object({ port = number, cidrs = list(string) }))
}
`,
  'outputs.tf': `output "id" {
  value = aws_security_group.this.id
}
`,
};

function service(i: number): Record<string, string> {
  const name = `svc${i}`;
  const env = pick(['prod', 'staging', 'dev']);
  const files: Record<string, string> = {};
  files['versions.tf'] = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}
`;
  files['variables.tf'] = `variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "env" {
  type = string
}
variable "vpc_id" {
  type = string
}
variable "db_password" {
  type      = string
  sensitive = true
}
variable "replicas" {
  type    = number
  default = ${pick([1, 2, 3])}
}
variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}
`;
  files['terraform.tfvars'] = `env    = "${env}"
vpc_id = "vpc-${(100000 + i).toString(16)}"
${chance(0.5) ? `replicas = ${pick([2, 3])}\n` : ''}`;
  files['locals.tf'] = `locals {
  name   = "${name}-\${var.env}"
  prefix = "acme-\${local.name}"
  tags = {
    Service     = "${name}"
    Environment = var.env
    ManagedBy   = "terraform"
  }
  queues = toset(["events", "jobs"${chance(0.5) ? ', "dead-letter"' : ''}])
  public_ports = {
    https = { port = 443, cidrs = ["0.0.0.0/0"] }
    admin = { port = ${pick([22, 8443, 3389])}, cidrs = ${chance(0.2) ? '["0.0.0.0/0"]' : 'var.admin_cidrs'} }
  }
}
`;
  const encrypted = chance(0.85);
  files['storage.tf'] = `resource "aws_kms_key" "data" {
  description             = "\${local.name} data key"
  deletion_window_in_days = 30
  enable_key_rotation     = ${chance(0.8)}
}

resource "aws_s3_bucket" "data" {
  bucket = "\${local.prefix}-data"
  tags   = local.tags
}

${encrypted ? `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
` : ''}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "${chance(0.8) ? 'Enabled' : 'Suspended'}"
  }
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = module.logs.id
  target_prefix = "data/"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = ${chance(0.9)}
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.tls_only.json
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

module "logs" {
  source     = "../../modules/bucket"
  name       = "\${local.prefix}-logs"
  versioning = ${chance(0.7)}
  tags       = local.tags
}

resource "aws_s3_bucket" "exports" {
  count  = var.replicas
  bucket = "\${local.prefix}-export-\${count.index}"
${chance(0.3) ? `
  versioning {
    enabled = true
  }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
` : ''}}
`;
  files['network.tf'] = `module "web_sg" {
  source  = "../../modules/sg"
  name    = "\${local.name}-web"
  vpc_id  = var.vpc_id
  ingress = local.public_ports
}

resource "aws_security_group" "db" {
  name        = "\${local.name}-db"
  description = "Database access"
  vpc_id      = var.vpc_id

  ingress {
    description     = "PostgreSQL from the web tier"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [module.web_sg.id]
  }
}

resource "aws_security_group_rule" "db_admin" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ${chance(0.1) ? '["0.0.0.0/0"]' : 'var.admin_cidrs'}
}

resource "aws_vpc_security_group_egress_rule" "db_all" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
`;
  const aurora = chance(0.3);
  files['database.tf'] = aurora
    ? `resource "aws_rds_cluster" "main" {
  cluster_identifier      = local.name
  engine                  = "aurora-postgresql"
  master_username         = "app"
  master_password         = var.db_password
  storage_encrypted       = ${chance(0.9)}
  kms_key_id              = aws_kms_key.data.arn
  backup_retention_period = ${pick([1, 7, 14, 35])}
  deletion_protection     = ${chance(0.7)}
  vpc_security_group_ids  = [aws_security_group.db.id]
}

resource "aws_rds_cluster_instance" "main" {
  count              = var.replicas
  identifier         = "\${local.name}-\${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.main.engine
}
`
    : `resource "aws_db_instance" "main" {
  identifier              = local.name
  engine                  = "${pick(['postgres', 'mysql'])}"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  username                = "app"
  password                = var.db_password
  storage_encrypted       = ${chance(0.9)}
  backup_retention_period = ${pick([0, 1, 7, 14])}
  multi_az                = var.env == "prod"
  publicly_accessible     = ${chance(0.05)}
  deletion_protection     = ${chance(0.7)}
  vpc_security_group_ids  = [aws_security_group.db.id]
}
`;
  files['iam.tf'] = `resource "aws_iam_role" "app" {
  name               = "\${local.name}-app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "app" {
  name = "\${local.name}-app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "\${aws_s3_bucket.data.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ${chance(0.05) ? '"*"' : '["kms:Decrypt", "kms:GenerateDataKey"]'}
        Resource = ${chance(0.05) ? '"*"' : 'aws_kms_key.data.arn'}
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app.arn
}

resource "aws_iam_user" "ci" {
  for_each = toset(["deploy", "reader"])
  name     = "\${local.name}-\${each.key}"
}
${chance(0.2) ? `
resource "aws_iam_user_policy" "ci" {
  name   = "inline"
  user   = aws_iam_user.ci["deploy"].name
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "ecr:*", "Resource": "*" }]
}
EOF
}
` : ''}`;
  files['observability.tf'] = `resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/\${local.name}"
  retention_in_days = ${pick([0, 7, 30, 90, 365])}
  kms_key_id        = ${chance(0.4) ? 'aws_kms_key.data.arn' : 'null'}
}

resource "aws_sqs_queue" "work" {
  for_each          = local.queues
  name              = "\${local.name}-\${each.key}"
  kms_master_key_id = ${chance(0.5) ? 'aws_kms_key.data.id' : 'null'}
}

resource "aws_sns_topic" "alerts" {
  name = "\${local.name}-alerts"
}
`;
  files['outputs.tf'] = `output "bucket" {
  value = aws_s3_bucket.data.bucket
}
output "role_arn" {
  value = aws_iam_role.app.arn
}
`;
  return files;
}

function writeCorpus(root: string): { files: string[]; lines: number; bytes: number; dirs: number } {
  const files: string[] = [];
  let lines = 0;
  let bytes = 0;
  let dirs = 0;
  const write = (dir: string, content: Record<string, string>) => {
    mkdirSync(dir, { recursive: true });
    dirs++;
    for (const [name, text] of Object.entries(content)) {
      const p = join(dir, name);
      writeFileSync(p, text);
      files.push(p);
      lines += text.split('\n').length;
      bytes += Buffer.byteLength(text);
    }
  };
  write(join(root, 'modules', 'bucket'), BUCKET_MODULE);
  write(join(root, 'modules', 'sg'), SG_MODULE);
  for (let i = 0; i < services; i++) write(join(root, 'services', `svc${String(i).padStart(4, '0')}`), service(i));
  return { files, lines, bytes, dirs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;
async function time(fn: () => unknown): Promise<number> {
  // Each side starts from a collected heap (the runner passes --expose-gc).
  gc?.();
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const dir = keep ?? mkdtempSync(join(tmpdir(), 'attest-iac-'));
try {
  const corpus = writeCorpus(dir);
  const tfFiles = corpus.files.filter((f) => f.endsWith('.tf') || f.endsWith('.tfvars'));
  console.log(`corpus: ${corpus.files.length} files in ${corpus.dirs} folders (${services} root modules, 2 shared modules), ${corpus.lines} lines, ${(corpus.bytes / 1e6).toFixed(2)} MB; ${checks.length} checks registered`);

  const parseAll = () => {
    for (const f of tfFiles) parseHcl(f, readFileSync(f, 'utf8'));
  };
  let resources = 0;
  let results = 0;
  let failing = 0;
  let problems = 0;
  const scan = async () => {
    const c = await collectTerraform([dir]);
    const out = evaluate(checks, c.resources);
    resources = c.resources.length;
    problems = c.problems.length;
    results = out.length;
    failing = out.reduce((n, r) => n + (r.status === 'fail' ? 1 : 0), 0);
  };
  // One warm-up of each, then alternate the order so neither side always runs on a warmer heap.
  parseAll();
  await scan();
  const parseTimes: number[] = [];
  const scanTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      parseTimes.push(await time(parseAll));
      scanTimes.push(await time(scan));
    } else {
      scanTimes.push(await time(scan));
      parseTimes.push(await time(parseAll));
    }
  }
  const parse = median(parseTimes);
  const full = median(scanTimes);
  const perSec = (ms: number) => Math.round(tfFiles.length / (ms / 1000));
  const best = (xs: number[]) => Math.min(...xs).toFixed(0);
  console.log(`parse only (floor):             median ${parse.toFixed(0)} ms (best ${best(parseTimes)}) over ${rounds} rounds, ${perSec(parse)} files/s`);
  console.log(`full scan (collect + evaluate): median ${full.toFixed(0)} ms (best ${best(scanTimes)}), ${perSec(full)} files/s; ${resources} resources, ${results} results (${failing} failing), ${problems} notices`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(`iac-scan ratio=${(full / parse).toFixed(3)}`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
