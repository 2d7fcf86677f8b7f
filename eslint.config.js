// The arrows of DESIGN.md as lint errors: dependencies point inward,
// renderer -> shared; main/server/cli -> core -> db, hardware, shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const forbid = (...names) =>
  names.map((n) => ({
    regex: `(^|\\.\\./)${n}/`,
    message: `DESIGN.md: this layer must not import src/${n} (dependencies point inward).`,
  }));
const nodeBuiltins = {
  regex: '^node:|^(fs|path|os|child_process|net|crypto|http|https|stream|url|util|events|buffer|worker_threads)$',
  message: 'src/shared and src/renderer run anywhere: no Node built-ins.',
};
const electron = { regex: '^electron$', message: 'Only src/main and src/preload may import electron.' };
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      // Chinese forms use the ideographic space (U+3000) in strings on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  restrict(['src/shared/**'], [...forbid('db', 'hardware', 'core', 'main', 'preload', 'server', 'cli', 'renderer'), nodeBuiltins, electron]),
  restrict(['src/db/**'], [...forbid('hardware', 'core', 'main', 'preload', 'server', 'cli', 'renderer'), electron]),
  restrict(['src/hardware/**'], [...forbid('db', 'core', 'main', 'preload', 'server', 'cli', 'renderer'), electron]),
  restrict(['src/core/**'], [...forbid('main', 'preload', 'server', 'cli', 'renderer'), electron]),
  restrict(['src/main/**'], [...forbid('server', 'cli', 'renderer', 'db', 'hardware')]),
  restrict(['src/preload/**'], [...forbid('db', 'hardware', 'core', 'main', 'server', 'cli', 'renderer')]),
  restrict(['src/server/**'], [...forbid('main', 'preload', 'cli', 'renderer', 'db', 'hardware'), electron]),
  // cli is an entry point like main: it may start the server (`swipequeue serve`), nothing imports cli.
  restrict(['src/cli/**'], [...forbid('main', 'preload', 'renderer'), electron]),
  restrict(['src/renderer/**'], [...forbid('db', 'hardware', 'core', 'main', 'preload', 'server', 'cli'), nodeBuiltins, electron]),
);
