module.exports = {
  displayName: 'deploy-checks',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/deploy-checks',
};
