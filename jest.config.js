/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // Type checking is `npm run typecheck`; here TypeScript only strips types. CommonJS so that
    // import() of lazily loaded modules works under jest as it does under webpack.
    '^.+\\.tsx?$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { module: 'commonjs', moduleResolution: 'node10', jsx: 'react-jsx', esModuleInterop: true, resolveJsonModule: true } },
    ],
  },
  setupFiles: ['<rootDir>/test/setup/dom.ts'],
  testTimeout: 120000,
};
