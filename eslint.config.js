// Lint rules, including the process boundaries: the folders show the processes, and these rules keep them honest.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// shared/ is used by both processes: only zod, reference-data libraries and shared/ itself.
const sharedAllowed = '^(?!zod(/|$)|libphonenumber-js(/|$)|i18n-iso-countries(/|$)|iso-639-2(/|$)|\\.)';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only the thin Electron wiring (electron/main/*.ts, electron/preload) imports electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: sharedAllowed,
              message: 'shared/ imports only zod, reference-data libraries and shared/.',
            },
            {
              regex: '(^|/)(electron|renderer|tools|test|bench)(/|$)',
              message: 'shared/ must not reach into a process folder.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer never imports electron: use window.booster from the preload.',
            },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer never imports Node built-ins.' })),
          ],
          patterns: [
            {
              regex: '(^|/)(electron|tools)/',
              message: 'The renderer must not import main-process or tool code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The thin Electron wiring: the only place allowed to import electron.
    files: ['electron/main/*.ts', 'electron/main/adapters/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**', 'tools/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
