/**
 * The checks every infrastructure's props need, collecting problems with the field
 * path (`infrastructure.cpus`). Pure module: no CDKTF import; tokens are skipped.
 */
import { Errors, Problem } from '../errors';
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
      this.problems.push(Errors.outOfRange(this.field(name), value, lowest, highest));
    }
  }

  /** Not blank, when given. */
  public notEmpty(name: string, value: string | undefined): void {
    if (value !== undefined && !this.isUnresolved(value) && value.trim() === '') {
      this.problems.push(Errors.emptyValue(this.field(name), value));
    }
  }

  /** At least one entry, when given. */
  public notEmptyList(name: string, value: readonly unknown[] | undefined): void {
    if (value !== undefined && !this.isUnresolved(value) && value.length === 0) {
      this.problems.push(Errors.noneGiven(this.field(name)));
    }
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
      this.problems.push(Errors.notMultipleOf(this.field(name), total, divisor, divisorName));
  }
}
