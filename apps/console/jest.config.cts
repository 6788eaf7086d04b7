module.exports = {
  displayName: 'console',
  preset: '../../jest.preset.js',
  // The console's logic without a DOM (api errors); its pages are tested in a
  // real browser by apps/e2e/src/console.
  coverageDirectory: '../../coverage/apps/console',
};
