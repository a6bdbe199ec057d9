import {
  firstIndexWhere,
  forEachLine,
  GrowingLineIndex,
  LineIndex
} from '../../src/notebook/lines';
import { CellPositions } from '../../src/python/positions';

/** The one line index: `\n`, `\r\n` and a lone `\r` each end a line (Python, lezer, CodeMirror). */
describe('LineIndex', () => {
  it.each([
    ['\\n', 'a = 1\nbb = 2\n', [0, 6, 13]],
    ['\\r\\n', 'a = 1\r\nbb = 2\r\n', [0, 7, 15]],
    ['a lone \\r', 'a = 1\rbb = 2\r', [0, 6, 13]],
    ['mixed', 'a\r\nb\rc\nd', [0, 3, 5, 7]],
    ['no break', 'abc', [0]],
    ['empty', '', [0]]
  ])('line starts with %s breaks', (_name, text, starts) => {
    const lines = new LineIndex(text);
    expect(lines.starts).toEqual(starts);
    expect(lines.lineCount).toBe(starts.length);
  });

  it('maps offsets and positions both ways, clamped, never into a line break', () => {
    const lines = new LineIndex('ab\r\ncd\re');
    expect(lines.position(4)).toEqual({ line: 1, column: 0 });
    expect(lines.position(2)).toEqual({ line: 0, column: 2 });
    expect(lines.position(99)).toEqual({ line: 2, column: 1 });
    expect(lines.position(-3)).toEqual({ line: 0, column: 0 });
    expect(lines.filePosition(7)).toEqual({ line: 3, column: 1 });
    expect(lines.offset(1, 1)).toBe(5);
    expect(lines.offset(0, 99)).toBe(2); // before '\r\n'
    expect(lines.offset(1, 99)).toBe(6); // before the lone '\r'
    expect(lines.offset(7, 0)).toBe(8);
    expect(lines.offset(-1, 4)).toBe(0);
    expect([0, 1, 2].map(l => lines.lineText(l))).toEqual(['ab', 'cd', 'e']);
    expect([0, 1, 2].map(l => lines.lineEnd(l))).toEqual([2, 6, 8]);
  });

  it('agrees with the scope pass positions on every offset, with and without \\r', () => {
    for (const text of [
      'x = 1\nif x:\n    y = x\n',
      'x = 1\r\nif x:\r\n    y = x\r\n',
      'x = 1\rif x:\r    y = x\r'
    ]) {
      const lines = new LineIndex(text);
      const scan = new CellPositions(text);
      for (let o = 0; o <= text.length; o++) {
        expect(scan.position(o)).toEqual(lines.position(o));
      }
    }
  });
});

/**
 * GrowingLineIndex finds line starts only up to the offsets it is asked about: whatever the order
 * of the questions, each answer is LineIndex's, including at and around `\r\n` pairs that a scan
 * stops in the middle of.
 */
describe('GrowingLineIndex', () => {
  it.each([
    ['\\n', 'a = 1\nbb = 2\n\nccc\n'],
    ['\\r\\n', 'a = 1\r\nbb = 2\r\n\r\nccc\r\n'],
    ['a lone \\r', 'a = 1\rbb = 2\r\rccc'],
    ['mixed', 'a\r\nb\rc\nd\r\r\n\n\re'],
    ['no break', 'abc'],
    ['empty', '']
  ])(
    'gives LineIndex.filePosition for %s breaks, asked in any order',
    (_name, text) => {
      const reference = new LineIndex(text);
      const offsets: number[] = [];
      for (let o = -2; o <= text.length + 2; o++) offsets.push(o);
      // forwards, backwards, and a seeded shuffle, each on a fresh index
      let seed = 15;
      const shuffled = [...offsets].sort(() => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return (seed % 3) - 1;
      });
      for (const order of [offsets, [...offsets].reverse(), shuffled]) {
        const growing = new GrowingLineIndex(text);
        for (const o of order) {
          expect([o, growing.filePosition(o)]).toEqual([
            o,
            reference.filePosition(o)
          ]);
        }
      }
      // one question after another, each a little further on (the reader's order)
      const growing = new GrowingLineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        expect([o, growing.filePosition(o)]).toEqual([
          o,
          reference.filePosition(o)
        ]);
      }
    }
  );
});

describe('forEachLine', () => {
  it.each([
    'a = 1\nbb = 2\n',
    'a = 1\r\nbb = 2\r\n',
    'a = 1\rbb = 2\r',
    'a\r\nb\rc\nd',
    '\n\r\n\r',
    'abc',
    ''
  ])('gives the lines of LineIndex, without their breaks: %j', text => {
    const index = new LineIndex(text);
    const seen: [number, number][] = [];
    forEachLine(text, (start, end) => {
      seen.push([start, end]);
    });
    expect(seen).toEqual(
      index.starts.map((s, line) => [s, index.lineEnd(line)])
    );
  });

  it('stops at the line whose callback returns true', () => {
    const seen: number[] = [];
    forEachLine('a\nb\r\nc\nd', start => {
      seen.push(start);
      return start >= 2;
    });
    expect(seen).toEqual([0, 2]);
  });
});

/**
 * The one binary search over sorted offsets; its callers ask for the first offset at or after a
 * place (`>=`), the first after it (`>`: Python 2's except-as names), the last at or before it
 * (the index before the first after it: a suppression's ranges, -1 when none is), and over
 * pairs (a rule's spans, `[from, to, from, to, ...]`).
 */
describe('firstIndexWhere', () => {
  const sorted = [
    [],
    [5],
    [1, 3],
    [2, 2, 2],
    [0, 4, 4, 9, 12],
    [1, 1, 3, 3, 3, 8, 8]
  ];

  it.each(sorted.map(xs => [xs]))(
    'finds what a scan finds, for every place: %j',
    xs => {
      for (let at = -1; at <= 14; at++) {
        const asked: number[] = [];
        const lower = firstIndexWhere(xs.length, i => {
          asked.push(i);
          return xs[i] >= at;
        });
        const upper = firstIndexWhere(xs.length, i => xs[i] > at);
        const scan = (ok: (x: number) => boolean) => {
          const i = xs.findIndex(ok);
          return i < 0 ? xs.length : i;
        };
        expect([lower, upper]).toEqual([scan(x => x >= at), scan(x => x > at)]);
        // the last at or before `at`, or -1
        expect(upper - 1).toBe(
          xs.reduce((last, x, i) => (x <= at ? i : last), -1)
        );
        // only indices in range, and a binary search's number of them
        expect(asked.every(i => i >= 0 && i < xs.length)).toBe(true);
        expect(asked.length).toBeLessThanOrEqual(
          Math.ceil(Math.log2(xs.length + 1))
        );
      }
    }
  );

  it('searches pairs by their first member', () => {
    const spans = [2, 4, 6, 9, 9, 11];
    const count = spans.length / 2;
    const at = (from: number) =>
      firstIndexWhere(count, k => spans[2 * k] >= from);
    expect([0, 2, 3, 6, 7, 9, 10].map(at)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});
