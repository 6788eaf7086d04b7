module.exports = {
  displayName: 'nx-plugin',
  preset: '../../jest.preset.js',
  // The generator's unit tests; e2e/ runs with jest.e2e.config.cts.
  roots: ['<rootDir>/src'],
  coverageDirectory: '../../coverage/tools/nx-plugin',
};
