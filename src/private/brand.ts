/**
 * Type checks by brand, not `instanceof` (STYLE 13, issue #23 item 4): two copies of
 * the library in one app (npm installs one per dependent that pins another version, and
 * a second build of the library is another copy) each have their own classes, so an
 * object made by one copy fails `instanceof` in the other. A brand is a property keyed
 * by a symbol of the global registry (`Symbol.for`), the same in every copy: cdktf's
 * `TerraformStack.isStack` checks `Symbol.for('cdktf/TerraformStack')` the same way.
 *
 * The symbol names (`cdktf-kamaji/<Name>`) are a contract between copies and versions
 * of the library: once released, a name never changes and never means another class
 * (README "Two copies of the library"; test/private/brand.test.ts pins them).
 */

/** One brand: `mark` it on an object in its constructor, `has` it to recognise it. */
export class Brand {
  private readonly symbol: symbol;

  /** `name` is the class's public name: the symbol is `cdktf-kamaji/<name>`. */
  constructor(name: string) {
    this.symbol = Symbol.for(`cdktf-kamaji/${name}`);
  }

  /**
   * Brands `target`. Not enumerable, so object spreads, `JSON.stringify` and deep
   * equality in tests see the object as before.
   */
  public mark(target: object): void {
    Object.defineProperty(target, this.symbol, { value: true });
  }

  /** Whether `value` carries this brand, whichever copy of the library made it. */
  public has(value: unknown): boolean {
    return typeof value === 'object' && value !== null && this.symbol in value;
  }
}
