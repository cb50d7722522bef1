// ESLint flat config: typescript-eslint type-checked rules, import order, and the project's
// layering rules (only the edge may import botbuilder; only src/config reads process.env).
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

import layers from './eslint-rules/layers.mjs';

/**
 * The layers, top to bottom: the composition root (src/index.ts, src/app) → server → bot → flows
 * → actions (the card-action and command vocabulary) → the domain modules → config, errors,
 * logging. An import may only point down. The local Intune sandbox is a test double: only the
 * composition root may start it.
 */
const ROOT_DIR = import.meta.dirname;
const ROOT = ['./src/index.ts', './src/app'];
const DOMAIN = [
  './src/app-package',
  './src/auth',
  './src/campaigns',
  './src/cards',
  './src/discovery',
  './src/graph',
  './src/helpdesk',
  './src/knowledge',
  './src/outbox',
  './src/setup-check',
  './src/storage',
];
const BOTTOM = [
  './src/config',
  './src/errors.ts',
  './src/logging.ts',
  './src/telemetry',
  './src/unicode.ts',
];
const zone = (target, from, message) => ({ target, from, message });
const LAYER_ZONES = [
  zone('./src/server', ROOT, 'src/server is below the composition root.'),
  zone('./src/bot', [...ROOT, './src/server'], 'src/bot is below the server.'),
  zone(
    './src/flows',
    [...ROOT, './src/server', './src/bot'],
    'Flows never import the bot: put shared vocabulary in src/actions.',
  ),
  zone(
    './src/actions',
    [...ROOT, './src/server', './src/bot', './src/flows'],
    'src/actions is the vocabulary below flows.',
  ),
  ...DOMAIN.map((d) =>
    zone(
      d,
      [...ROOT, './src/server', './src/bot', './src/flows', './src/actions'],
      'Domain modules never import the layers above them.',
    ),
  ),
  ...BOTTOM.map((b) =>
    zone(
      b,
      [...ROOT, './src/server', './src/bot', './src/flows', './src/actions', ...DOMAIN],
      'config, errors and logging import nothing of the app.',
    ),
  ),
  zone(
    './src/outbox',
    ['./src/helpdesk', './src/knowledge', './src/setup-check', './src/discovery', './src/cards'],
    'The outbox delivers any message: what a message means belongs to its producer (src/helpdesk).',
  ),
  zone(
    './src',
    './src/sandbox',
    'The local Intune sandbox is a test double: only the composition root (src/app) starts it.',
  ),
];

const BOTBUILDER_EDGE = {
  patterns: [
    {
      group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
      message:
        'botbuilder stays at the edge (src/server, src/bot, src/flows, src/actions) so a move to the Agents SDK touches only the edge.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', 'build/**', 'data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: './tsconfig.check.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { import: importPlugin, layers },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through loadConfig() in src/config/env.ts.',
        },
      ],
      'import/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    // src/outbox/bot-sender.ts is the outbox's Bot Framework edge (type-only import of the adapter).
    ignores: [
      'src/server/**',
      'src/bot/**',
      'src/flows/**',
      'src/actions/**',
      'src/outbox/bot-sender.ts',
    ],
    rules: { 'no-restricted-imports': ['error', BOTBUILDER_EDGE] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/index.ts', 'src/app/**', 'src/sandbox/**'],
    rules: { 'layers/no-upward-import': ['error', { root: ROOT_DIR, zones: LAYER_ZONES }] },
  },
  {
    // The composition root and the sandbox itself: only the layer rules that apply to them.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'layers/no-upward-import': [
        'error',
        { root: ROOT_DIR, zones: LAYER_ZONES.filter((z) => z.from !== './src/sandbox') },
      ],
    },
  },
  {
    files: ['src/storage/blob-storage.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-core', 'botframework-*'],
              message: 'Only botbuilder-azure-blobs belongs in the blob storage edge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      // Tests and the benchmark start child processes and must hand them the environment.
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Jest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
  },
  {
    // Install-time scripts run before anything is built: plain CommonJS that prints progress.
    files: ['scripts/**/*.cjs'],
    languageOptions: { globals: { console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
      'no-restricted-properties': 'off',
    },
  },
);
