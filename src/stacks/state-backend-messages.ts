/**
 * Messages of state backends (state-backend*.ts): Terraform reads backend settings before
 * anything else, so each mistake here stops `terraform init`, or worse, points every
 * stack at the wrong state. Pure module.
 */
import { problem } from '../private/common-messages';

export const StateBackendMessages = {
  notLiteral: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a literal string: Terraform reads backend settings before any variable or reference exists',
    ),
  badS3Bucket: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
    ),
  badAwsRegion: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be an AWS region such as "eu-west-1" (with an S3-compatible endpoint: any name without spaces)',
    ),
  badS3KeyPrefix: (field: string, value: string) =>
    problem(
      field,
      value,
      'must not be empty, start or end with "/" or contain "//": Terraform refuses such state keys',
    ),
  badSecretSuffix: (field: string, value: string, stackId: string, suffix: string) =>
    problem(
      field,
      value,
      `makes the state Secret suffix "${suffix}" for stack "${stackId}"; the suffix names and labels the state Secret, so it must be at most 63 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; shorten or change the prefix`,
    ),
  numberedSecretSuffix: (field: string, value: string, stackId: string, suffix: string) =>
    problem(
      field,
      value,
      `makes the state Secret suffix "${suffix}" for stack "${stackId}", which ends in "-<number>": Terraform refuses that, as it numbers the chunks of large states so; rename the stack (for a fleet: the control plane) so it does not end in "-<number>"`,
    ),
  badHcpName: (field: string, value: string) =>
    problem(field, value, 'must hold only letters, digits, "-", "_" and "."'),
  badHcpWorkspace: (field: string, value: string, stackId: string, workspace: string) =>
    problem(
      field,
      value,
      `makes the workspace name "${workspace}" for stack "${stackId}", which may hold only letters, digits, "-", "_" and "."; change the prefix or the stack id`,
    ),
  badHostname: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a host name with an optional port, such as "app.terraform.io" or "tfe.example.com:8443", without scheme or path',
    ),
};
