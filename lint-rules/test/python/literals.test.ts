/**
 * `unterminatedString`, the tokenizer scan for CPython's open-string error: it passes over runs of
 * characters that open, close and break nothing in one step; these pin what it must still stop at.
 */
import * as literals from '../../src/python/literals';
import {
  mayEndInsideString,
  unterminatedString
} from '../../src/python/literals';
import { parseCell } from '../../src/python/parse';

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
      { at: 6, other: "invalid character '→' (U+2192)" }
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
    ],
    // CPython reads CRLF and a lone CR as one line end each
    ['a string continued over CRLF', 's = "a \\\r\nb"\r\nt = 1\r\n', undefined],
    [
      'a line ends inside a string at a lone CR',
      "s = 'abc\rt = 1\r",
      { at: 4, triple: false }
    ],
    [
      'a comment ends at a lone CR',
      "x = 1  # it's\rs = 'open\r",
      { at: 18, triple: false }
    ],
    [
      'a backslash before CRLF continues the line (no dedent there)',
      'if x:\r\n    y = 1 + \\\r\n  2\r\n',
      undefined
    ],
    [
      'a dedent to no outer level after lone CRs',
      'if x:\r    y = 1\r  z = 2\r',
      { at: 16, other: 'unindent does not match any outer indentation level' }
    ]
  ])('%s', (_, text, found) => {
    expect(unterminatedString(text)).toEqual(found);
  });
});

describe('mayEndInsideString, the cheap test before the scan', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [
      'closed strings and comments',
      'x = "a" + \'b\'  # it\'s\ny = """q\n"""\n',
      false
    ],
    ['a line ends inside a string', 'y = "abc\nz = 3\n', true],
    ['a backslash continues a string over a line', "s = 'a\\\nb'\n", false],
    ['the text ends after a backslash in a string', "s = 'a\\", true],
    ['an unclosed triple-quoted string', "s = '''a\n", true],
    [
      'four quotes close a triple-quoted string and open one',
      "s = '''a''''\n",
      true
    ]
  ])('%s: %s', (_, text, may) => {
    expect(mayEndInsideString(text)).toBe(may);
  });

  it('never says no where the scan finds a string a line ends inside', () => {
    // random texts over the characters that matter to either reading
    const alphabet = [
      'a',
      ' ',
      '\n',
      '"',
      "'",
      '#',
      '\\',
      'f',
      'r',
      '(',
      ')',
      '{',
      '}',
      '1',
      '0',
      ':',
      '\t'
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    let open = 0;
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const len = next() % 40;
      for (let k = 0; k < len; k++) text += alphabet[next() % alphabet.length];
      const found = unterminatedString(text);
      if (found && found.other === undefined && !found.triple) {
        open++;
        expect([text, mayEndInsideString(text)]).toEqual([text, true]);
      }
    }
    expect(open).toBeGreaterThan(1000);
  });

  it('spares the scan a parsed cell whose strings all close', () => {
    const scan = jest.spyOn(literals, 'unterminatedString');
    expect(parseCell('x = "a" + f"{b}"  # don\'t\ny = (1, \'c\')\n').ok).toBe(
      true
    );
    expect(scan).not.toHaveBeenCalled();
    const open = parseCell("y = 'abc\nz = 2\n");
    expect([open.ok, open.syntaxError?.message]).toEqual([
      false,
      'unterminated string literal'
    ]);
    expect(scan).toHaveBeenCalledTimes(1);
  });
});
