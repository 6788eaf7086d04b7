import { isIgnored, parseDockerIgnore } from './lib/dockerignore';

describe('.dockerignore matching', () => {
  const ignore = parseDockerIgnore(
    [
      '# comment',
      'dist',
      '/tmp/',
      '**/node_modules',
      '**/src/generated',
      '*.log',
      '.env',
      '.env.*',
      '!.env.example',
    ].join('\n'),
  );

  it.each([
    ['dist', true],
    ['dist/apps/gateway/main.js', true],
    ['tmp/x', true],
    ['node_modules/zod/index.js', true],
    ['apps/gateway/node_modules/x', true],
    ['apps/user-service/src/generated/prisma/client.ts', true],
    ['debug.log', true],
    ['apps/debug.log', false],
    ['.env', true],
    ['.env.production', true],
    ['.env.example', false],
    ['apps/gateway/src/main.ts', false],
    ['package.json', false],
    ['distribution.txt', false],
  ])('%s ignored: %s', (path, expected) => {
    expect(isIgnored(ignore, path)).toBe(expected);
  });
});
