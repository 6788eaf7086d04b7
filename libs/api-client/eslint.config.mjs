import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Browsers use this library too: no Node built-ins.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'libs/api-client runs in browsers too: no Node built-ins.' }] },
      ],
    },
  },
];
