/**
 * `unterminatedString`, the tokenizer scan for CPython's open-string error: it passes over runs of
 * characters that open, close and break nothing in one step; these pin what it must still stop at.
 */
import { unterminatedString } from '../../src/python/literals';

describe('unterminatedString', () => {
  it.each([
    ['every string closes', 'x = "a" + \'b\'\ny = f(1, [2])\n', undefined],
    [
      'a line ends inside a string',
      'x1 = 2\ny = "abc\nz = 3\n',
      { at: 11, triple: false }
    ],
    [
      'the text ends inside a triple-quoted string',
      'a = 1\nb = """x\n',
      { at: 10, triple: true }
    ],
    [
      'a prefix opens the string',
      'p = rb"C:\\\nq = 1',
      { at: 4, triple: false }
    ],
    ['a quote in a comment', "x = 1  # it's\n", undefined],
    [
      'digits inside a name and after a dot',
      'x09 = a.09 + b_1\ns = "open\n',
      { at: 21, triple: false }
    ],
    [
      'a leading zero after an operator',
      'x = 09\ns = "open\n',
      { at: 4, other: 'invalid number literal' }
    ],
    [
      'a number run into a letter',
      'x = (1d)\n',
      { at: 5, other: 'invalid number literal' }
    ],
    [
      'a character that starts no token',
      'x = a → b\n',
      { at: 6, other: "invalid character '→'" }
    ],
    ['a non-ASCII name', 'größe = 1\ns = "open\n', { at: 14, triple: false }],
    [
      'an unmatched closing bracket',
      'x = (1]\n',
      { at: 6, other: "unmatched ']'" }
    ],
    [
      'a backslash that continues no line',
      'x = 1 \\ 2\n',
      { at: 6, other: 'unexpected character after line continuation character' }
    ],
    [
      'a continued line is not a dedent',
      'if x:\n    y = 1 + \\\n  2\n',
      undefined
    ],
    [
      'a dedent to no outer level',
      'if x:\n    y = 1\n  z = 2\n',
      { at: 16, other: 'unindent does not match any outer indentation level' }
    ],
    [
      'a long line of names and operators, then an open string',
      `${'a = b + c * d - e / f\n'.repeat(50)}s = 'x\n`,
      { at: 1104, triple: false }
    ]
  ])('%s', (_, text, found) => {
    expect(unterminatedString(text)).toEqual(found);
  });
});
