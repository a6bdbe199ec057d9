/** large-output's size: jsonLength(x) must equal JSON.stringify(x).length, over odd values and real outputs. */
import * as fs from 'fs';
import { jsonLength } from '../../src/rules/large-output';
import { readNotebook } from '../../src/notebook';
import { corpusDirs, notebookFiles } from '../corpusDirs';

const strings = [
  '',
  'plain ascii',
  'quote " and backslash \\ and slash /',
  'line\nfeed\r\ncarriage\ttab\bbackspace\fformfeed\u000bvtab',
  '\u0000\u0001\u001a\u001b[31mred\u001b[0m\u001f\u007f\u0080\u009f',
  'é ü ß ñ ø 中文 日本語 한국어',
  '\u2028\u2029 line separators',
  'emoji 😀 pair \ud83d\ude00',
  'lone high \ud800 end',
  'lone low \udc00 start',
  'high at the end \udbff',
  '\udfff',
  'reversed pair \udc00\ud800',
  'two highs \ud800\ud800\udc00',
  '\ufeff bom \ufffd replacement',
  '"\\"\\\\"',
  '\n'.repeat(100),
  'x'.repeat(10_000) + '"',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'
];

const values: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  0.1,
  1e21,
  1e20,
  -1e21,
  1e-7,
  1e-6,
  5e-324,
  Number.MAX_VALUE,
  Number.MIN_SAFE_INTEGER,
  123456789.12345678,
  NaN,
  Infinity,
  -Infinity,
  ...strings,
  [],
  {},
  [[]],
  [{}],
  { a: {} },
  { a: [] },
  [[[[]]], {}, [{}]],
  [1, 'two', null, true, [3, { four: 4 }]],
  { '': '', 'k"ey': 'v\n', ключ: ['значение'], '\ud800': '\udc00' },
  { a: undefined, b: 1 },
  { a: undefined },
  { a: 1, b: undefined, c: 2 },
  [undefined, 1],
  Object.fromEntries(strings.map((s, i) => [s, i % 2 ? s : [s, i]])),
  {
    output_type: 'display_data',
    data: { 'text/plain': ['<Figure>'], 'image/png': 'iVBOR\n' },
    metadata: { needs_background: 'light', width: 640, height: 4.8e2 }
  }
];

describe('jsonLength', () => {
  it.each(values.map((v, i) => [i, JSON.stringify(v).slice(0, 60), v]))(
    'equals JSON.stringify(x).length for value %i: %s',
    (_i, _shown, value) => {
      expect(jsonLength(value)).toBe(JSON.stringify(value).length);
    }
  );

  it('equals JSON.stringify(x).length for every single code unit', () => {
    const mismatches: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      if (jsonLength(s) !== JSON.stringify(s).length) {
        mismatches.push(c);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("equals JSON.stringify over every output of the corpora's notebooks", () => {
    let outputs = 0;
    const mismatches: string[] = [];
    for (const dir of corpusDirs()) {
      for (const file of notebookFiles(dir)) {
        if (!file.endsWith('.ipynb')) continue;
        let nb;
        try {
          nb = readNotebook(file, fs.readFileSync(file, 'utf8'));
        } catch {
          continue; // the unreadable ones of the corpus have no outputs to measure
        }
        for (const cell of nb.cells) {
          cell.outputs.forEach((o, i) => {
            outputs++;
            const raw = o.raw ?? '';
            if (jsonLength(raw) !== JSON.stringify(raw).length) {
              mismatches.push(`${file} cell ${cell.index} output ${i}`);
            }
          });
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(outputs).toBeGreaterThan(100);
  });
});
