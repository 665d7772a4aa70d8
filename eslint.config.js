// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'recordings/', 'migrations/', 'bench/results/', 'coverage/', 'web/dist/', 'docs/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  // The pages (web/): React's rules of hooks; the server's code only as types (`import type … from '@server/…'`,
  // erased from the bundle); no Node globals in browser code.
  {
    files: ['web/**/*.{ts,tsx}'],
    ignores: ['web/vite.config.ts'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-console': 'error',
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require', 'global'],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@server/*'], allowTypeImports: true, message: 'The pages take only types from the server: import type.' },
            { group: ['../src/*', '../../src/*', '../../../src/*', 'node:*'], message: 'Server code and Node modules do not run in the browser.' },
          ],
        },
      ],
    },
  },
);
