// ESLint: @eslint/js recommended and typescript-eslint's strict type-checked rules on every
// TypeScript file (the types come from tsconfig.json through the project service), the recommended
// rules on the few JavaScript files, and eslint-config-prettier last so that no rule argues with
// Prettier about layout.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // What the build, codegen, the bench and the development servers write.
  globalIgnores(['dist/', '**/generated/**', 'bench/gateways/results/', '.dev-keys/', 'data/']),
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // strictTypeChecked's options but numbers: a number prints the same in a template as through
      // String(); a nullable, a boolean or an object still needs a decision.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false },
      ],
      // The classes it guards are TypeORM entities: data classes without methods, private fields or
      // instanceof checks, which TypeORM itself fills from plain objects (the seeds and mutations
      // give it object literals). And typescript-eslint 8.74.0's rule overflows the stack on
      // graphql-js's types (a RangeError in matchesTypeOrBaseType that stops the whole run).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // TypeScript's own conventions (noUnusedLocals, noUnusedParameters): a name that starts with _
      // is unused on purpose, and so is a property taken out of an object to keep the rest.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Apollo Server's plugin hooks, KeyValueCache and the bench's and tests' interfaces are typed
      // to return a Promise: an async method without an await is how one implements them (a throw
      // becomes a rejection, as the caller expects). A forgotten await is no-floating-promises' case.
      '@typescript-eslint/require-await': 'off',
      // The audit trail's rows are a TypeORM entity, a data class without methods: spread into the
      // plain object GraphQL serves, they lose nothing.
      '@typescript-eslint/no-misused-spread': [
        'error',
        { allow: [{ from: 'file', name: 'AuditEntry', path: 'subgraphs/shared/audit.ts' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'subgraphs/*/test/**/*.ts', '**/*.test.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.any, objectContaining, arrayContaining...) are typed any,
      // and every finding of these two rules in the tests was one of them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // A test's `x!` is an assertion on what it just produced: a wrong one fails the test at once
      // with a TypeError, as an explicit check would.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A test's `let graph: Graph` set in beforeAll is still undefined in afterAll when beforeAll
      // failed: the `graph?.stop()` there is not dead code, whatever the declared type says.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // JavaScript: no type information (tsconfig.json has no allowJs), so no type-checked rules.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // This file and the bench's Hive Gateway configuration run in Node.
    files: ['eslint.config.js', 'bench/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The reports' page scripts run in the browser: report-auth.js is a module, report.js a classic script.
    files: ['gateway/reports/assets/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['gateway/reports/assets/report.js'],
    languageOptions: { sourceType: 'script' },
  },
  prettier,
);
