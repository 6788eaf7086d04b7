import { AuthorizationHistory, possibleValues } from './interleaving-model';

// The checker of the invariant test: if it accepted too much, the test would
// prove nothing; if too little, it would fail on right answers.
describe('possibleValues', () => {
  const write = (start: number, end: number, value: string) => ({ start, end, value });

  it('gives the baseline alone before any write, the last write alone after sequential ones', () => {
    expect(possibleValues('base', [write(10, 20, 'a')], { start: 0, end: 5 })).toEqual(['base']);
    expect(possibleValues('base', [write(10, 20, 'a'), write(30, 40, 'b')], { start: 50, end: 60 })).toEqual(['b']);
  });

  it('gives either value while a write is in flight, and either order for overlapping writes', () => {
    expect(possibleValues('base', [write(10, 20, 'a')], { start: 15, end: 16 })).toEqual(['base', 'a']);
    expect(possibleValues('base', [write(10, 30, 'a'), write(20, 40, 'b')], { start: 50, end: 60 })).toEqual([
      'a',
      'b',
    ]);
  });

  it('keeps a value overwritten during the window (it held at the window start)', () => {
    expect(possibleValues('base', [write(10, 20, 'a'), write(30, 40, 'b')], { start: 25, end: 35 })).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('AuthorizationHistory', () => {
  // Users 1, 2; groups 1 (holds role 1), 2 (holds role 2). User 1 in group 1.
  const history = () =>
    new AuthorizationHistory([1, 2], {
      groupsOf: new Map([
        [1, [1]],
        [2, []],
      ]),
      grants: new Set(['1:1', '2:2']),
    });

  it('derives roles through groups, from either side of the group-role link', () => {
    const h = history();
    h.assigned(2, [2], { start: 10, end: 20 });
    h.roleGroupsSet(2, [], { start: 30, end: 40 });
    const between = { start: 22, end: 28 };
    expect([h.mayHold(2, 2, between), h.mayLack(2, 2, between)]).toEqual([true, false]);
    const after = { start: 45, end: 50 };
    expect([h.mayHold(2, 2, after), h.mayLack(2, 2, after)]).toEqual([false, true]);
    expect(h.finalGroupSets(2)).toEqual(['[2]']);
    expect(h.finalGrant(2, 2)).toEqual([false]);
  });

  it('tells a session a disable may have ended from one it certainly ended', () => {
    const h = history();
    h.disabledSet(1, true, { start: 10, end: 20 });
    const overlapping = { start: 5, end: 12 };
    const before = { start: 0, end: 5 };
    expect(h.mayBeRevoked(1, overlapping, { start: 30, end: 31 })).toBe(true);
    expect(h.isRevoked(1, overlapping, { start: 30, end: 31 })).toBe(false);
    expect(h.isRevoked(1, before, { start: 30, end: 31 })).toBe(true);
    expect(h.mayBeRevoked(1, before, { start: 6, end: 9 })).toBe(false);
  });
});
