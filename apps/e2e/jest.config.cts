module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  // Each file starts the whole mesh as real processes.
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/apps/e2e',
};
