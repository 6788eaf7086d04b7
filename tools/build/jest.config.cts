module.exports = {
  displayName: 'build-config',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/build',
};
