/** Type-checking is `npm run typecheck`'s job; jest only transpiles, which keeps the suite fast. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/local/polyfills.ts', '<rootDir>/test/support/subject-key-file.ts'],
  testTimeout: 60_000,
};
