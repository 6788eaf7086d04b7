const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Type checking is the `typecheck` target's job; tests only transpile.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testEnvironment: 'node',
  testTimeout: 20_000,
  // Each project's counts go to tmp/test-results for .ci/run's closing line.
  reporters: ['default', join(__dirname, 'tools/jest/result-file-reporter.cjs')],
};
