// ESLint 9 flat config: typescript-eslint's strict, type-aware rules over the project's own code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/lib/**',
      'nbcraft/labextension/**',
      '.venv/**',
      '.venv-*/**',
      '.state/**',
      '**/*.d.ts',
      'coverage/**',
      'ui-tests/test-results/**',
      'ui-tests/playwright-report/**',
      'examples/**',
      'bench/results/**'
    ]
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [
      ...tseslint.configs.strictTypeChecked,
      ...tseslint.configs.stylisticTypeChecked
    ],
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.test.json',
          './lint-rules/tsconfig.test.json',
          './ui-tests/tsconfig.json'
        ],
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase']
        }
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'none', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true }
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-namespace': 'off',
      eqeqeq: 'error',
      curly: ['error', 'all'],
      'prefer-arrow-callback': 'error'
    }
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' }
  },
  {
    files: ['**/*.mjs', 'style/**/*.js'],
    languageOptions: { sourceType: 'module' }
  },
  {
    // Benchmarks drive Chromium: the functions they pass to page.evaluate run in the page.
    files: ['bench/**/*.{js,mjs}', 'lint-rules/bench/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } }
  },
  {
    files: [
      '**/test/**/*.ts',
      '**/*.spec.ts',
      '**/*.test.ts',
      'ui-tests/**/*.ts',
      'bench/**/*.ts',
      'lint-rules/bench/**/*.ts'
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-floating-promises': 'off'
    }
  },
  prettier
);
