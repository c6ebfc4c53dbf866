// @ts-check
/**
 * ESLint for the project: typescript-eslint with types on the sources, the Office.js rules of
 * Microsoft's own add-in templates on src/excel, React's hooks and accessibility rules on the pane,
 * and the layers of docs/DESIGN.md as import rules (a test proves they bite:
 * test/build/lint.test.ts). Formatting is Prettier's (npm run format:check), not ESLint's.
 */
import js from '@eslint/js';
import officeAddins from 'eslint-plugin-office-addins';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A layer may not import these (paths relative to the project, as globs). */
const forbid = (...groups) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: groups.map(([group, message]) => ({ group, message })),
    },
  ],
});

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'zlib', 'child_process', 'worker_threads', 'crypto', 'util', 'stream', 'http', 'https', 'url'];
const layer = {
  core: [
    ['**/sheet/**', '**/xlsx/**', '**/app/**', '**/excel/**', '**/cli/**', '**/taskpane/**', '**/docx/**'],
    'src/core imports nothing of the other layers (DESIGN §2)',
  ],
  coreNode: [NODE_BUILTINS, 'src/core runs everywhere: no Node modules'],
  sheet: [['**/xlsx/**', '**/app/**', '**/excel/**', '**/cli/**', '**/taskpane/**', '**/docx/**'], 'src/sheet imports only src/core (DESIGN §2)'],
  xlsx: [['**/app/**', '**/excel/**', '**/cli/**', '**/taskpane/**', '**/docx/**'], 'src/xlsx imports only src/core and src/sheet (DESIGN §2)'],
  app: [['**/excel/**', '**/cli/**', '**/taskpane/**'], 'src/app is what every host shares: not excel, cli or taskpane (DESIGN §2)'],
  excel: [['**/cli/**', '**/taskpane/**', '**/xlsx/**'], 'src/excel reaches .xlsx code only through src/app, and never the CLI or the pane'],
  cli: [['**/excel/**', '**/taskpane/**'], 'the command line never imports the Excel host or the pane'],
  taskpane: [['**/cli/**', '**/xlsx/**', '**/docx/**'], 'the pane reaches files only through src/app (lazily loaded modules)'],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-web/**', 'node_modules/**', 'bench/.data/**', 'coverage/**', 'test/fixtures/**', 'assets/**', 'docs/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // the sources: with their types
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `return await` inside try (the house rule), and only there
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // a catch that only logs swallows; the project's catches decide something
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'no-console': 'error',
    },
  },
  { files: ['src/core/**/*.ts'], rules: forbid(layer.core, layer.coreNode) },
  { files: ['src/sheet/**/*.ts'], rules: forbid(layer.sheet, layer.coreNode) },
  { files: ['src/xlsx/**/*.ts'], rules: forbid(layer.xlsx, layer.coreNode) },
  { files: ['src/app/**/*.ts'], rules: forbid(layer.app, layer.coreNode) },
  { files: ['src/excel/**/*.ts'], rules: forbid(layer.excel, layer.coreNode) },
  { files: ['src/cli/**/*.ts'], rules: forbid(layer.cli) },
  { files: ['src/taskpane/**/*.{ts,tsx}'], rules: forbid(layer.taskpane, layer.coreNode) },
  // Office.js discipline, as Microsoft's templates check it
  {
    files: ['src/excel/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-after-load': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'error',
      'office-addins/no-office-initialize': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
    },
  },
  // only src/excel names Office or Excel
  {
    files: ['src/{core,sheet,xlsx,app,cli,taskpane,docx}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', { name: 'Office', message: 'only src/excel names Office' }, { name: 'Excel', message: 'only src/excel names Excel' }],
    },
  },
  // the pane: hooks and accessibility
  {
    files: ['src/taskpane/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['src/taskpane/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  {
    files: ['src/taskpane/**/*.tsx'],
    rules: {
      // a region that scrolls must take the focus, or the keyboard cannot scroll it (WCAG 2.1.1; axe's scrollable-region-focusable)
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: ['article'], roles: ['tabpanel', 'region', 'article'], allowExpressionValues: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  // tests, scripts and the build: plain JS/TS rules, Node and Jest globals
  {
    files: ['test/**/*.{ts,tsx,cjs}', 'bench/**/*.cjs', 'scripts/**/*.{cjs,mjs,js}', 'bin/**/*.cjs', '*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // tests break templates and files on purpose: JSON taken apart freely
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  // the webview guard: an ES5 script for old Internet Explorer webviews, run before the bundle
  {
    files: ['src/guard/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 5, globals: { ...globals.browser } },
    // ES5 has no catch without a binding: the guard's catches name what they ignore
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
);
