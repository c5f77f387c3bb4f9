/**
 * hashicorp/random 3.7: random_string and random_password, their inputs forcing a new
 * value and their result derived from those inputs (deterministic, unlike the provider).
 */
import { createHash } from 'crypto';
import { digest } from '../engine';
import { isUnknown, toPlain } from '../values';
import { ResourceBehaviour } from './resource-behaviour';

const RANDOM_INPUTS = [
  'keepers',
  'length',
  'lower',
  'upper',
  'numeric',
  'number',
  'special',
  'min_lower',
  'min_upper',
  'min_numeric',
  'min_special',
  'override_special',
];
const DEFAULT_SPECIAL = '!@#$%&*()-_=+[]{}<>:?';

export function randomBehaviour(idIsResult: boolean): ResourceBehaviour {
  return {
    replaceOn: RANDOM_INPUTS.map((name) => [name]),
    plan(planned, prior) {
      if (prior) return planned;
      const result = { ...planned };
      for (const name of ['lower', 'upper', 'special']) {
        if (isUnknown(result[name])) result[name] = true;
      }
      if (isUnknown(result.numeric)) result.numeric = result.number === false ? false : true;
      if (isUnknown(result.number)) result.number = result.numeric;
      for (const name of ['min_lower', 'min_upper', 'min_numeric', 'min_special']) {
        if (isUnknown(result[name])) result[name] = 0;
      }
      return result;
    },
    apply(planned) {
      const seed = JSON.stringify(toPlain(planned));
      let alphabet = '';
      if (planned.lower) alphabet += 'abcdefghijklmnopqrstuvwxyz';
      if (planned.upper) alphabet += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      if (planned.numeric) alphabet += '0123456789';
      if (planned.special)
        alphabet += (planned.override_special as string | null) ?? DEFAULT_SPECIAL;
      const length = Number(planned.length);
      const bytes = expand(seed, length);
      const result = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
      return {
        ...planned,
        result,
        id: idIsResult ? result : 'none',
        ...('bcrypt_hash' in planned && {
          bcrypt_hash: `$2a$10$${digest(`bcrypt:${result}`).slice(0, 53)}`,
        }),
      };
    },
  };
}

function expand(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 32) {
    const block = createHash('sha256').update(`${seed}#${i}`).digest();
    out.set(block.subarray(0, Math.min(32, length - i)), i);
  }
  return out;
}
