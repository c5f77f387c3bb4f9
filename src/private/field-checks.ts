/**
 * The checks every infrastructure's props need, collecting problems with the field
 * path (`infrastructure.cpus`). Pure module: no CDKTF import; tokens are skipped.
 */
import { Problem } from '../errors';
import { CommonMessages } from './common-messages';
import { IsUnresolved } from './unresolved';

export class FieldChecks {
  public readonly problems: Problem[] = [];

  constructor(
    private readonly prefix: string,
    private readonly isUnresolved: IsUnresolved,
  ) {}

  public field(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** A whole number from `lowest` to `highest`, when given. */
  public wholeNumber(
    name: string,
    value: number | undefined,
    lowest: number,
    highest: number,
  ): void {
    if (value === undefined || this.isUnresolved(value)) return;
    if (!(Number.isInteger(value) && value >= lowest && value <= highest)) {
      this.problems.push(CommonMessages.outOfRange(this.field(name), value, lowest, highest));
    }
  }

  /** Not blank, when given. */
  public notEmpty(name: string, value: string | undefined): void {
    if (value !== undefined && !this.isUnresolved(value) && value.trim() === '') {
      this.problems.push(CommonMessages.emptyValue(this.field(name), value));
    }
  }

  /** At least one entry, when given. */
  public notEmptyList(name: string, value: readonly unknown[] | undefined): void {
    if (value !== undefined && !this.isUnresolved(value) && value.length === 0) {
      this.problems.push(CommonMessages.noneGiven(this.field(name)));
    }
  }

  /** A non-blank string that must be given (a name the infrastructure looks up). */
  public requiredName(name: string, value: unknown): void {
    this.problems.push(...InputChecks.name(this.field(name), value, this.isUnresolved));
  }

  /** A non-blank string, when given. */
  public optionalName(name: string, value: unknown): void {
    if (value !== undefined) this.requiredName(name, value);
  }

  /**
   * A list whose length the configuration is built from (one NIC per network, one node
   * per host name): it must be a list known at synth, when given. Returns the list when
   * its entries can be checked.
   */
  public knownList(name: string, value: unknown, what: string): readonly unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (this.isUnresolved(value)) {
      this.problems.push(CommonMessages.countNotKnownAtSynth(this.field(name), what));
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.problems.push(CommonMessages.notList(this.field(name), value));
      return undefined;
    }
    return value;
  }

  /** Non-blank names, each given once, when the list is given. */
  public uniqueNames(name: string, value: unknown, what: string): void {
    const list = this.knownList(name, value, what);
    if (!list) return;
    const seen = new Set<unknown>();
    list.forEach((entry, i) => {
      const before = this.problems.length;
      this.requiredName(`${name}[${i}]`, entry);
      if (this.problems.length > before || this.isUnresolved(entry)) return;
      if (seen.has(entry))
        this.problems.push(
          CommonMessages.duplicateValue(this.field(`${name}[${i}]`), entry as string),
        );
      seen.add(entry);
    });
  }

  /** One of a string enum's values, when given. */
  public enumValue(
    name: string,
    value: unknown,
    enumObject: { [key: string]: string },
    enumName: string,
  ): void {
    this.problems.push(
      ...InputChecks.enumValue(this.field(name), value, enumObject, enumName, this.isUnresolved),
    );
  }

  /** `total` divides by `divisor`, when both are given. */
  public multipleOf(
    name: string,
    total: number,
    divisor: number | undefined,
    divisorName: string,
  ): void {
    if (divisor === undefined || this.isUnresolved(total) || this.isUnresolved(divisor)) return;
    if (total % divisor !== 0)
      this.problems.push(
        CommonMessages.notMultipleOf(this.field(name), total, divisor, divisorName),
      );
  }
}

/**
 * Checks of input from JavaScript or YAML, where the TypeScript types promise nothing
 * (issue #12 items 13 and 14): each returns the problems of one field, none for a token.
 */
export const InputChecks = {
  /** Given at all (undefined and null are not). */
  required(field: string, value: unknown): Problem[] {
    return value === undefined || value === null ? [CommonMessages.required(field, value)] : [];
  },

  /** A string, when given. */
  string(field: string, value: unknown, isUnresolved: IsUnresolved): Problem[] {
    if (value === undefined || typeof value === 'string' || isUnresolved(value)) return [];
    return [CommonMessages.notString(field, value)];
  },

  /** A non-blank string, required. */
  name(field: string, value: unknown, isUnresolved: IsUnresolved): Problem[] {
    if (value === undefined || value === null) return [CommonMessages.required(field, value)];
    if (isUnresolved(value)) return [];
    if (typeof value !== 'string') return [CommonMessages.notString(field, value)];
    return value.trim() === '' ? [CommonMessages.emptyValue(field, value)] : [];
  },

  /** A list, when given. */
  list(field: string, value: unknown, isUnresolved: IsUnresolved): Problem[] {
    if (value === undefined || Array.isArray(value) || isUnresolved(value)) return [];
    return [CommonMessages.notList(field, value)];
  },

  /** One of the values of a TypeScript string enum, when given. */
  enumValue(
    field: string,
    value: unknown,
    enumObject: { [key: string]: string },
    enumName: string,
    isUnresolved: IsUnresolved,
  ): Problem[] {
    const values = Object.values(enumObject);
    if (value === undefined || isUnresolved(value) || values.includes(value as string)) return [];
    const members = Object.entries(enumObject).map(([k, v]) => `${enumName}.${k} ("${v}")`);
    return [CommonMessages.notInEnum(field, value, members)];
  },

  /**
   * An instance of an enum-like class (made with its static factories), when given;
   * `isInstance` is the caller's `TheClass.isTheClass(value)` (private constructors;
   * a brand, so values of another copy of the library pass).
   */
  madeWith(field: string, value: unknown, isInstance: boolean, how: string): Problem[] {
    return value === undefined || isInstance ? [] : [CommonMessages.notMadeWith(field, value, how)];
  },
};

/**
 * Runs a construct's checks, turning a crash on input of the wrong shape (a string
 * where a list belongs, from JavaScript) into a problem: the user gets a line naming
 * the construct, never a raw TypeError from inside the library.
 */
export function checkSafely(props: unknown, check: () => Problem[]): Problem[] {
  try {
    return check();
  } catch (e) {
    return [CommonMessages.unreadableProps(props, e instanceof Error ? e.message : String(e))];
  }
}
