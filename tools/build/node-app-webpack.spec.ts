import { transformSync, type Options } from '@swc/core';
import { join } from 'node:path';
import 'reflect-metadata';
import decoratorMetadataLoader from './decorator-metadata-loader';
import { isTypeOnlyMetadataReference, nodeAppWebpackConfig, tuneSwc } from './node-app-webpack';

const ROOT = join(__dirname, '../..');

// The swc-loader options NxAppWebpackPlugin 23.2.1 writes for compiler 'swc'.
function nxSwcOptions() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      loose: true,
    } as Record<string, unknown>,
  };
}

// A constructor typed with a class, a zod-style schema that shares its type's
// name, an interface, and both through a namespace import.
const SUBJECT = `
import { Schema, Service, Missing } from './deps';
import * as deps from './deps';
const Param = () => () => undefined;
export class Subject {
  constructor(
    @Param() schema: Schema,
    @Param() service: Service,
    @Param() missing: Missing,
    @Param() nsService: deps.Service,
    @Param() nsSchema: deps.Schema,
  ) {}
}
`;

class Service {}
const deps = { Schema: { parse: (value: unknown) => value }, Service };

function swc(options = nxSwcOptions()): string {
  tuneSwc(options, join(ROOT, 'apps/gateway/tsconfig.app.json'));
  const transformed = transformSync(SUBJECT, {
    ...options,
    filename: 'subject.ts',
    swcrc: false,
    module: { type: 'commonjs' },
  } as Options);
  return transformed.code;
}

function afterLoader(code: string): string {
  let output = '';
  decoratorMetadataLoader.call({ callback: (_error: unknown, result: string) => (output = result) }, code, undefined);
  return output;
}

function paramTypes(code: string): unknown[] {
  const module = { exports: {} as Record<string, unknown> };
  const load = new Function('require', 'module', 'exports', code);
  load((id: string) => (id === './deps' ? deps : require(id)), module, module.exports);
  return Reflect.getMetadata('design:paramtypes', module.exports['Subject'] as object);
}

describe('swc in the app build', () => {
  it('writes what tsc writes: a class, else Object', () => {
    expect(paramTypes(afterLoader(swc()))).toEqual([Object, Service, Object, Service, Object]);
  });

  // If this starts failing, swc writes tsc's check itself and
  // decorator-metadata-loader.js can go.
  it('without the loader, swc puts the schema object itself in the metadata', () => {
    expect(paramTypes(swc())[0]).toBe(deps.Schema);
  });

  it('targets the tsconfig: es2022 with define semantics for class fields', () => {
    const options = nxSwcOptions();
    tuneSwc(options, join(ROOT, 'apps/gateway/tsconfig.app.json'));
    expect(options.jsc).toMatchObject({ target: 'es2022', transform: { useDefineForClassFields: true } });
  });
});

describe('isTypeOnlyMetadataReference', () => {
  const code = afterLoader(swc());
  const lines = code.split('\n');
  const warningAt = (pattern: string, name = 'Missing') => {
    const line = lines.findIndex((text) => text.includes(pattern));
    return {
      message: `export '${name}' (imported as '${name}') was not found in './deps' (possible exports: Schema, Service)`,
      loc: { start: { line: line + 1, column: lines[line].indexOf(name) } },
      module: { originalSource: () => ({ source: () => code }) },
    };
  };

  it('drops the warning for a type named only in decorator metadata', () => {
    expect(isTypeOnlyMetadataReference(warningAt('typeof _deps.Missing'))).toBe(true);
  });

  it('keeps it for any other missing export', () => {
    expect(isTypeOnlyMetadataReference(warningAt('const Param'))).toBe(false);
    expect(isTypeOnlyMetadataReference({ message: 'Module not found', loc: undefined, module: undefined })).toBe(false);
  });
});

describe('nodeAppWebpackConfig', () => {
  it('writes dist/<app path> with package.json, source maps and no type check, options added per app', () => {
    const config = nodeAppWebpackConfig(join(ROOT, 'apps/some-service'), { runtimeDependencies: ['x'] });
    expect(config.output.path).toBe(join(ROOT, 'dist/apps/some-service'));
    expect(config.plugins[0].options).toMatchObject({
      target: 'node',
      compiler: 'swc',
      typeCheckOptions: false,
      main: './src/main.ts',
      generatePackageJson: true,
      sourceMap: true,
      runtimeDependencies: ['x'],
    });
  });
});
