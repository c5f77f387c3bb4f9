/** Tests are transpiled only; `npm test` type-checks the whole project once with tsc first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // The default reporter hides the output of wholly skipped files: list their reasons.
  reporters: ['default', '<rootDir>/test/support/skip-reasons-reporter.js'],
};
