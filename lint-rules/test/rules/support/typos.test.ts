/** typos.ts: the edit distance NB104 uses to tell a typo from a caller's global. */
import {
  editDistance,
  typoDistance,
  typoOf
} from '../../../src/rules/support/typos';

describe('editDistance', () => {
  it.each([
    ['pth', 'path', 1],
    ['lenght', 'length', 1],
    ['reslut', 'result', 1],
    ['oea', 'os', 2],
    ['DATA_FOLDR', 'DATA_FOLDER', 1],
    ['abc', 'abc', 0],
    ['', 'ab', 2]
  ])('%s / %s: %d', (a, b, d) => {
    expect(editDistance(a, b, 3)).toBe(d);
    expect(editDistance(b, a, 3)).toBe(d);
  });

  it('stops at max + 1', () => {
    expect(editDistance('UC_CATALOG', 'UC_SCHEMA', 2)).toBe(3);
    expect(editDistance('a'.repeat(10), 'b'.repeat(20), 2)).toBe(3);
  });
});

describe('typoOf', () => {
  it('allows more edits for longer names, none for one or two characters', () => {
    expect([1, 2, 3, 5, 6, 12].map(n => typoDistance('x'.repeat(n)))).toEqual([
      0, 0, 1, 1, 2, 2
    ]);
    expect(typoOf('pth', ['os', 'path'])).toBe('path');
    expect(typoOf('oea', ['os', 'json'])).toBeUndefined();
    expect(typoOf('df', ['dg', 'd'])).toBeUndefined();
    expect(typoOf('path', ['path'])).toBeUndefined();
    expect(typoOf('UC_CATALOG', ['UC_SCHEMA', 'table_fqdn'])).toBeUndefined();
  });
});
