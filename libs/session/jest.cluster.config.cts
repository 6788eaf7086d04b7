// The session store's integration suites again, on a Redis Cluster started
// for the run (src/testing/topology-global-setup.ts): one contract, every topology.
module.exports = {
  displayName: 'session-cluster',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.integration.spec.ts'],
  globalSetup: '<rootDir>/src/testing/topology-global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/topology-global-teardown.ts',
  coverageDirectory: '../../coverage/libs/session-cluster',
};
