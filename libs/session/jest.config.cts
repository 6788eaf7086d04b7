module.exports = {
  displayName: 'session',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/session',
};
