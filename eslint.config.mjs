// Layering rules (ARCHITECTURE.md): shared is pure, services never touch electron,
// only main/app and main/ipc import electron, the renderer never imports node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'url',
  'worker_threads',
  'stream',
  'events',
  'util',
];
const nodePatterns = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'coverage/**',
      'node_modules/**',
      '.venv/**',
      'e2e/artifacts/**',
      'examples/**',
      'test-results/**',
      '**/.floe/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      'eslint-comments/no-unlimited-disable': 'off',
    },
  },
  {
    files: [
      '**/*.config.ts',
      '**/*.config.mts',
      'electron.vite.config.ts',
      'eslint.config.mjs',
      'playwright.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Plain CommonJS launchers and scripts: require() is how they load things.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodePatterns, 'electron', 'react', '*/main/*', '*/renderer/*'] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**', 'src/main/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['*/renderer/*'] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [...nodePatterns, 'electron', '*/main/*'] }],
    },
  },
);
