/**
 * Checks of state backend settings. Terraform reads a backend before anything else, so
 * a bad setting stops `terraform init` of every stack (an empty bucket or region) or,
 * worse, is only found by the cluster or the cloud at the first apply (a namespace or a
 * Secret name Kubernetes refuses). Facts: Terraform 1.11's s3 backend refuses empty
 * bucket and region and keys starting or ending with "/" or holding "//" (checked with
 * `terraform init` here); its kubernetes backend names the Secret
 * `tfstate-<workspace>-<suffix>`, an RFC 1123 subdomain, labels it with the suffix and
 * refuses suffixes ending in "-<number>" (hashicorp/terraform
 * internal/backend/remote-state/kubernetes/{client,backend}.go); the cloud block's
 * client (go-tfe) accepts organization and workspace names of letters, digits, "-", "_"
 * and "." only. Pure module: no CDKTF import (tokens are recognized by the caller).
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { StateBackendMessages } from './state-backend-messages';
import { isRfc1123Label, isRfc1123Subdomain } from '../private/names';
import type {
  HcpTerraformStateOptions,
  KubernetesStateOptions,
  S3StateOptions,
} from './state-backend';

/** Whether a value is an unresolved token (`Token.isUnresolved`). */
export type IsUnresolved = (value: unknown) => boolean;

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const AWS_REGION = /^[a-z]{2,}(-[a-z0-9]+)*-[0-9]+$/;
const HCP_NAME = /^[A-Za-z0-9._-]+$/;
const HOST_PORT =
  /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$/;
const URL = /^https?:\/\/[^\s"'/]+(\/[^\s"']*)?$/;

export function validateS3State(options: S3StateOptions, isUnresolved: IsUnresolved): Problem[] {
  const problems: Problem[] = [];
  const check = literalChecker(problems, isUnresolved);
  const awsOnly = options.endpoint === undefined;
  const bucket = check('bucket', options.bucket, true);
  if (bucket !== undefined && awsOnly && (!S3_BUCKET.test(bucket) || bucket.includes('..'))) {
    problems.push(StateBackendMessages.badS3Bucket('bucket', bucket));
  }
  const region = check('region', options.region, true);
  if (region !== undefined && (awsOnly ? !AWS_REGION.test(region) : /\s/.test(region))) {
    problems.push(StateBackendMessages.badAwsRegion('region', region));
  }
  const keyPrefix = check('keyPrefix', options.keyPrefix, false, true);
  if (
    keyPrefix !== undefined &&
    (keyPrefix === '' ||
      keyPrefix.startsWith('/') ||
      keyPrefix.endsWith('/') ||
      keyPrefix.includes('//'))
  ) {
    problems.push(StateBackendMessages.badS3KeyPrefix('keyPrefix', keyPrefix));
  }
  const endpoint = check('endpoint', options.endpoint, false);
  if (endpoint !== undefined && !URL.test(endpoint)) {
    problems.push(CommonMessages.badUrl('endpoint', endpoint));
  }
  if (options.useLockfile !== undefined && typeof options.useLockfile !== 'boolean') {
    problems.push({
      field: 'useLockfile',
      received: options.useLockfile,
      allowed: 'must be true or false',
    });
  }
  return problems;
}

export function validateKubernetesState(
  options: KubernetesStateOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  const check = literalChecker(problems, isUnresolved);
  const namespace = check('namespace', options.namespace, false);
  if (namespace !== undefined && !isRfc1123Label(namespace)) {
    problems.push(CommonMessages.notRfc1123Label('namespace', namespace));
  }
  check('configPath', options.configPath, false);
  check('secretSuffixPrefix', options.secretSuffixPrefix, false, true);
  return problems;
}

/**
 * The state Secret suffix `<prefix><stack id>` of one stack: it names the Secret and
 * its Lease and is the value of their `tfstateSecretSuffix` label.
 */
export function validateKubernetesSecretSuffix(prefix: string, stackId: string): Problem[] {
  const suffix = `${prefix}${stackId}`;
  if (suffix.length > 63 || !isRfc1123Subdomain(suffix)) {
    return [StateBackendMessages.badSecretSuffix('secretSuffixPrefix', prefix, stackId, suffix)];
  }
  if (/-[0-9]+$/.test(suffix)) {
    return [
      StateBackendMessages.numberedSecretSuffix('secretSuffixPrefix', prefix, stackId, suffix),
    ];
  }
  return [];
}

export function validateHcpTerraformState(
  options: HcpTerraformStateOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  const check = literalChecker(problems, isUnresolved);
  const organization = check('organization', options.organization, true);
  if (organization !== undefined && !HCP_NAME.test(organization)) {
    problems.push(StateBackendMessages.badHcpName('organization', organization));
  }
  check('workspacePrefix', options.workspacePrefix, false, true);
  const hostname = check('hostname', options.hostname, false);
  if (hostname !== undefined && !HOST_PORT.test(hostname)) {
    problems.push(StateBackendMessages.badHostname('hostname', hostname));
  }
  check('project', options.project, false);
  return problems;
}

/** The workspace `<prefix><stack id>` of one stack. */
export function validateHcpWorkspace(prefix: string, stackId: string): Problem[] {
  const workspace = `${prefix}${stackId}`;
  return HCP_NAME.test(workspace)
    ? []
    : [StateBackendMessages.badHcpWorkspace('workspacePrefix', prefix, stackId, workspace)];
}

/**
 * A checker of one setting: a literal string (required, or optional when undefined),
 * not empty unless `emptyAllowed`. Returns the string to check further, or undefined
 * when there is nothing (more) to check.
 */
function literalChecker(problems: Problem[], isUnresolved: IsUnresolved) {
  return (
    field: string,
    value: unknown,
    required: boolean,
    emptyAllowed = false,
  ): string | undefined => {
    if (value === undefined || value === null) {
      if (required) problems.push(CommonMessages.required(field));
      return undefined;
    }
    if (isUnresolved(value)) {
      problems.push(StateBackendMessages.notLiteral(field, value));
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push(CommonMessages.notString(field, value));
      return undefined;
    }
    if (value.trim() === '' && !(emptyAllowed && value === '')) {
      problems.push(CommonMessages.emptyValue(field, value));
      return undefined;
    }
    return value;
  };
}
