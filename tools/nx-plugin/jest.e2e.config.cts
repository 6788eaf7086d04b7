module.exports = {
  displayName: 'nx-plugin-e2e',
  preset: '../../jest.preset.js',
  // Generates a service into a copy of the workspace, builds it and runs its
  // tests there, the mesh's e2e included: minutes, not seconds.
  roots: ['<rootDir>/e2e'],
  testTimeout: 10 * 60_000,
  coverageDirectory: '../../coverage/tools/nx-plugin-e2e',
};
