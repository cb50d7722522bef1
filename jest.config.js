/**
 * Jest settings. Tests live in test/ and mirror src/.
 * Type checking is done once by `npm run typecheck`, so ts-jest only transpiles (fast).
 * adaptivecards 3.x ships ESM without file extensions under lib/, so Node and Jest load its UMD build instead.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
    '^strip-bom$': '<rootDir>/test/support/strip-bom-cjs.js',
  },
  setupFiles: ['<rootDir>/test/support/jest-setup.js'],
  clearMocks: true,
  restoreMocks: true,
  testTimeout: 30000,
  maxWorkers: 2,
};
