// Every check, registered explicitly, family by family; each family's index.ts lists its
// checks. The catalog test fails on a check file that is not registered.
import type { AnyCheck } from './types.js';
import { awsChecks } from './aws/index.js';
import { awsNetworkChecks } from './aws-network/index.js';
import { k8sChecks } from './k8s/index.js';
import { dockerChecks } from './docker/index.js';
import { githubChecks } from './github/index.js';
import { secretChecks } from './secrets/index.js';

export const checks: AnyCheck[] = [...awsChecks, ...awsNetworkChecks, ...k8sChecks, ...dockerChecks, ...githubChecks, ...secretChecks];
