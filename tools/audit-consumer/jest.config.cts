module.exports = {
  displayName: 'audit-consumer',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/audit-consumer',
};
