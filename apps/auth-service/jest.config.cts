module.exports = {
  displayName: 'auth-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/auth-service',
};
