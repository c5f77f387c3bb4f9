/**
 * The wording all layers share: a message names the field, the value received and what is
 * allowed, and the construct path is added by ValidationError. Here are the generic rules
 * (names, numbers, addresses, URLs, labels, types, values known only at apply time); each
 * layer keeps its own messages beside its code (kamaji/kamaji-messages.ts, ...), each
 * pinned by a `fails when ...` test. Pure module: no CDKTF import.
 */
import type { Problem } from '../errors';
import { UNRESOLVED_VALUE } from './unresolved';

/** One bad input: `field` received `received`; `allowed` says what is allowed. */
export function problem(field: string, received: unknown, allowed: string): Problem {
  return { field, received, allowed };
}

/** `A.X ("x"), A.Y ("y") or A.Z ("z")`. */
function listOf(members: readonly string[]): string {
  return members.length <= 1
    ? members.join('')
    : `${members.slice(0, -1).join(', ')} or ${members[members.length - 1]}`;
}

const RFC1035 =
  'must be an RFC 1035 label: at most 63 characters, lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
const RFC1123_LABEL =
  'must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit';
const RFC1123_SUBDOMAIN =
  'must be an RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels';

export const CommonMessages = {
  notRfc1035Label: (field: string, value: string) => problem(field, value, RFC1035),
  notRfc1123Label: (field: string, value: string) => problem(field, value, RFC1123_LABEL),
  notRfc1123Subdomain: (field: string, value: string) => problem(field, value, RFC1123_SUBDOMAIN),
  notCidr: (field: string, value: string) =>
    problem(field, value, 'must be a CIDR block such as "10.96.0.0/16" or "fd00::/108"'),
  cidrNotNetworkAddress: (field: string, value: string, network: string) =>
    problem(field, value, `must be given by its network address: did you mean "${network}"?`),
  notIpAddress: (field: string, value: string) =>
    problem(field, value, 'must be an IPv4 or IPv6 address'),
  portOutOfRange: (field: string, value: number) =>
    problem(field, value, 'must be an integer port from 1 to 65535'),
  notNonNegativeInteger: (field: string, value: number) =>
    problem(field, value, 'must be a whole number, 0 or more'),
  notPositiveInteger: (field: string, value: number) =>
    problem(field, value, 'must be a whole number, 1 or more'),
  notPositiveNumber: (field: string, value: number) =>
    problem(field, value, 'must be a number above 0'),
  outOfRange: (field: string, value: number, lowest: number, highest: number) =>
    problem(field, value, `must be a whole number from ${lowest} to ${highest}`),
  notMultipleOf: (field: string, value: number, divisor: number, divisorField: string) =>
    problem(field, value, `must be a whole multiple of ${divisorField} (${divisor})`),
  emptyValue: (field: string, value = '') => problem(field, value, 'must not be empty'),
  duplicateValue: (field: string, value: string) => problem(field, value, 'must appear only once'),
  noneGiven: (field: string) => problem(field, [], 'needs at least one entry'),
  badLabelKey: (field: string, key: string) =>
    problem(
      field,
      key,
      'must be a Kubernetes label key: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ),
  badLabelValue: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ),
  badUrl: (field: string, value: string) =>
    problem(field, value, 'must be an https:// (or http://) URL without spaces or quotes'),
  exactlyOneOf: (fields: string, value: unknown) =>
    problem(fields, value, 'give exactly one of them'),
  requires: (field: string, value: unknown, needed: string) =>
    problem(field, value, `needs ${needed}`),
  missingProps: (value: unknown, field = 'props') =>
    problem(field, value, 'needs its props object: { ... }'),
  required: (field: string, value: unknown = undefined) => problem(field, value, 'is required'),
  notString: (field: string, value: unknown) => problem(field, value, 'must be a string'),
  notList: (field: string, value: unknown) => problem(field, value, 'must be a list'),
  notInEnum: (field: string, value: unknown, members: readonly string[]) =>
    problem(field, value, `must be one of ${listOf(members)}`),
  notMadeWith: (field: string, value: unknown, how: string) =>
    problem(field, value, `must be made with ${how}`),
  countNotKnownAtSynth: (field: string, what: string) =>
    problem(
      field,
      UNRESOLVED_VALUE,
      `must be known at synth: it decides how many ${what} the configuration holds; give a plain number or list, not a Terraform variable or reference`,
    ),
  notKnownAtSynth: (field: string, why: string) =>
    problem(
      field,
      UNRESOLVED_VALUE,
      `must be known at synth (${why}); give a plain value, not a Terraform variable or reference`,
    ),
  unreadableProps: (value: unknown, detail: string) =>
    problem(
      'props',
      value,
      `hold a value of the wrong type that the checks could not read (${detail}); compare them with the documented prop types`,
    ),
};
