import { appendToArrayLiteral, readArrayLiteral } from './array-literal';

describe('appendToArrayLiteral', () => {
  it('appends after the last element, with or without a trailing comma', () => {
    expect(appendToArrayLiteral('a.ts', 'export const A = [\n  1,\n  2,\n];\n', 'A', '3')).toBe(
      'export const A = [\n  1,\n  2,\n  3,\n];\n',
    );
    expect(readArrayLiteral('a.ts', appendToArrayLiteral('a.ts', 'const A = [1, 2];', 'A', '3'), 'A')).toEqual([
      1, 2, 3,
    ]);
  });

  it('fills an empty array, typed or not', () => {
    const text = 'export const A: readonly B[] = [];\n';
    expect(readArrayLiteral('a.ts', appendToArrayLiteral('a.ts', text, 'A', "{ app: 'x' }"), 'A')).toEqual([
      { app: 'x' },
    ]);
  });

  it('finds a property of that name, past comments and other arrays', () => {
    const text = "x({ other: [1], /* [ */ list: [\n    'a', // ]\n  ] });";
    expect(readArrayLiteral('a.mjs', appendToArrayLiteral('a.mjs', text, 'list', "'b'"), 'list')).toEqual(['a', 'b']);
  });

  it('reads regular expressions as RegExp', () => {
    expect(readArrayLiteral('a.ts', 'const A = [/^\\/x(?=$|\\/)/i];', 'A')).toEqual([/^\/x(?=$|\/)/i]);
  });

  it('names the missing array', () => {
    expect(() => appendToArrayLiteral('a.ts', 'const B = [];', 'A', '1')).toThrow('a.ts: no array literal named A');
  });
});
