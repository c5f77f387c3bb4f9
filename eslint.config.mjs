import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'lib/',
      'cdktf.out/',
      '**/.gen/',
      'packages/cdktn-kamaji/build/',
      'packages/*/lib/',
      'coverage/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `new Construct(scope, id, ...)` registers itself in the tree: the value is unused by design.
      'no-new': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests walk synthesized Terraform JSON, whose shape is the point under test; the
    // offline check and its stubs read the same JSON and decode plugin protocol messages.
    files: ['test/**/*.ts', 'packages/check/src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
