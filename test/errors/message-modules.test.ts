/**
 * Issue #23 item 3: messages live with their layer. Each layer keeps its message
 * factories beside its code (`<layer>-messages.ts`, which test/layers.test.ts keeps
 * pointing down); errors.ts keeps the error classes; the entry point exports those
 * classes, not the factories.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as library from '../../src';

const SRC = path.join(__dirname, '../../src');

describe('message modules', () => {
  test('errors.ts holds the error classes and no message', () => {
    // GIVEN
    const errors = fs.readFileSync(path.join(SRC, 'errors.ts'), 'utf8');

    // THEN
    expect(errors).not.toMatch(/-messages'/);
    expect(errors).not.toMatch(/export const \w+ = \{/);
  });

  test('the entry point exports the error classes and no message factories', () => {
    // GIVEN
    const exported = Object.keys(library);

    // THEN
    expect(exported).toEqual(
      expect.arrayContaining(['ValidationError', 'AppValidationError', 'FleetFileError']),
    );
    expect(exported.filter((name) => /(Errors|Messages|Warnings)$/.test(name))).toEqual([]);
  });
});
