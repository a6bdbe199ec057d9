/**
 * The scan of text JSON.parse accepted jumps over values with one sticky regular expression and
 * indexOf, and finds a cell's string literals only when a position is asked for. Its edges:
 * strings with more escapes than the expression follows, arrays with more pieces than one match
 * takes, nesting deeper than it counts, every kind of JSON whitespace, escaped and repeated keys.
 * On each, it must find exactly what the validating scan finds, and every source position must
 * map onto the same character in the file.
 */
import * as fs from 'fs';
import { readNotebook } from '../../src/notebook';
import { scanNotebookJson, sourceLiterals } from '../../src/notebook/jsonScan';
import { corpusDirs, notebookFiles } from '../corpusDirs';
import { positionMismatches } from './positions';

function cell(source: unknown, extra: Record<string, unknown> = {}): unknown {
  return {
    cell_type: 'code',
    execution_count: 1,
    id: `c${JSON.stringify(source).length}`,
    metadata: {},
    outputs: [],
    source,
    ...extra
  };
}

function notebook(cells: unknown[], metadata: unknown = {}): string {
  return JSON.stringify(
    { cells, metadata, nbformat: 4, nbformat_minor: 5 },
    null,
    1
  );
}

/** Both scans agree, and every source character maps onto itself in the file. */
function expectSameAndMapped(text: string, step = 1): void {
  expect(scanNotebookJson(text, true)).toEqual(scanNotebookJson(text, false));
  expect(positionMismatches(readNotebook('edge.ipynb', text), step)).toEqual(
    []
  );
}

const escapes300 = 'say "hi" '.repeat(300); // 600 escaped quotes in one string
const stream = (text: unknown) => ({
  output_type: 'stream',
  name: 'stdout',
  text
});

describe('the scan of validated notebook text, at its edges', () => {
  it('jumps over strings with more escapes than the expression follows', () => {
    expectSameAndMapped(
      notebook([
        cell(['x = 1\n', `s = '${escapes300}'\n`, 'y = 2'], {
          outputs: [stream([escapes300 + '\n', '] } [ {\n', 'end'])],
          metadata: { note: escapes300 + '\\' }
        }),
        cell(`z = '${escapes300}' ["]"]`)
      ]),
      7
    );
  });

  it('jumps over arrays with more strings than one match takes', () => {
    const lines = Array.from({ length: 25000 }, (_, i) => `line ${i} "q" [\n`);
    expectSameAndMapped(
      notebook([
        cell(['a = 1\n', 'b = 2'], { outputs: [stream(lines)] }),
        cell(lines.slice(0, 12000).map(l => `# ${l}`))
      ]),
      997 // (the check of a position splits the text before it: quadratic)
    );
  });

  it('jumps over long strings without escapes (an image)', () => {
    const png = 'iVBORw0KGgo' + 'A'.repeat(200000) + '==';
    expectSameAndMapped(
      notebook([
        cell(['plt.show()'], {
          outputs: [
            {
              output_type: 'display_data',
              data: { 'image/png': png, 'text/plain': ['<Figure>'] },
              metadata: {}
            }
          ]
        }),
        cell('after = 1')
      ])
    );
  });

  it('hands nesting deeper than it counts to the validating scan', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 400; i++) deep = i % 2 ? [deep] : { k: deep };
    expectSameAndMapped(
      notebook([cell(['a = 1\n', 'b'], { metadata: { deep } }), cell('c')])
    );
    expectSameAndMapped(notebook([cell('x')], { deep }));
  });

  it('reads every kind of JSON whitespace, a BOM, and no whitespace at all', () => {
    const nb = {
      cells: [
        cell(['if x:\n', '\tprint("a\\tb")\n', 'y = [1, {"a": 2}]']),
        cell('one line', { execution_count: null, metadata: { tags: ['t'] } }),
        cell([])
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    };
    const base = JSON.stringify(nb, null, 1);
    for (const text of [
      base,
      base.replace(/\n/g, '\r\n'),
      JSON.stringify(nb, null, '\t'),
      JSON.stringify(nb, null, ' \t '),
      JSON.stringify(nb),
      '\ufeff' + base.replace(/\n/g, '\r\n') + '\r\n'
    ]) {
      expectSameAndMapped(text);
    }
  });

  it('reads escaped keys, repeated keys and values that are not objects', () => {
    const text = [
      '{"\\u0063ells": [',
      ' {"cell_typ\\u0065":"code","source":"old","metadata":{},"outputs":[],"execution_count":-1.5e+3,',
      '  "i\\u0064":"a1","\\u0073ource":["x = \\"]\\"\\n","y = \'\\\\\'"],"n":true},',
      ' 7, null, "text", [], -0.5E-2, false,',
      ' {"cell_type":"markdown","id":5,"id":"m2","metadata":{"x":null},"source":[ ]}',
      '],"cells":7,"metadata":{"a":[1,2,{"b":"}"}]},"nbformat":4,"nbformat_minor":5}'
    ].join('\n');
    const scan = scanNotebookJson(text, true);
    expect(scan).toEqual(scanNotebookJson(text, false));
    expect(scan.cells).toHaveLength(8);
    // the last "source" and the first string "id" are the ones located
    const first = scan.cells[0];
    expect(text.slice(first.source!.start, first.source!.end)).toBe(
      '["x = \\"]\\"\\n","y = \'\\\\\'"]'
    );
    expect(text.slice(first.idLiteral, (first.idLiteral ?? 0) + 4)).toBe(
      '"a1"'
    );
    expect(
      text.slice(scan.cells[7].idLiteral, scan.cells[7].source!.end)
    ).toMatch(/^"m2",/);
  });

  it('agrees with the validating scan on generated notebooks', () => {
    // a small seeded generator: the same notebooks on every run
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      'a',
      ' ',
      '"',
      '\\',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '\n',
      '\t',
      'é',
      '\u2028',
      '😀',
      '\r'
    ];
    const str = () =>
      Array.from({ length: rand(12) }, () => pieces[rand(pieces.length)]).join(
        ''
      );
    const value = (depth: number): unknown => {
      const k = rand(depth > 3 ? 4 : 6);
      if (k === 0) return str();
      if (k === 1) return rand(2) ? rand(1000) - 500 : null;
      if (k === 2) return rand(2) === 1;
      if (k === 3) return rand(3) / 4;
      if (k === 4)
        return Array.from({ length: rand(4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: rand(4) }, () => [str(), value(depth + 1)])
      );
    };
    const space = () => [' ', '\n', '\r\n', '\t', '', '  '][rand(6)];
    // JSON text with random whitespace between tokens and needless escapes ("\u0061", "\/")
    const write = (v: unknown): string => {
      if (typeof v === 'string')
        return JSON.stringify(v).replace(/[a/]/g, c =>
          rand(4) ? c : c === 'a' ? '\\u0061' : '\\/'
        );
      if (Array.isArray(v))
        return `[${space()}${v.map(write).join(`${space()},${space()}`)}${space()}]`;
      if (v !== null && typeof v === 'object')
        return `{${space()}${Object.entries(v)
          .map(([k, x]) => `${write(k)}${space()}:${space()}${write(x)}`)
          .join(`${space()},${space()}`)}${space()}}`;
      return JSON.stringify(v);
    };
    for (let n = 0; n < 200; n++) {
      const cells = Array.from({ length: 1 + rand(4) }, () =>
        cell(rand(3) ? Array.from({ length: rand(5) }, str) : str(), {
          metadata: value(0),
          outputs: [stream([str(), str()])]
        })
      );
      const text =
        space() +
        write({ metadata: value(0), cells, nbformat: 4, nbformat_minor: 5 }) +
        space();
      JSON.parse(text); // (still valid JSON)
      expectSameAndMapped(text);
    }
  });
});

describe('sourceLiterals', () => {
  it('finds each string literal of every corpus cell source', () => {
    const STRING = /"(?:[^"\\]|\\.)*"/y;
    let cells = 0;
    for (const dir of corpusDirs()) {
      for (const file of notebookFiles(dir).filter(f => f.endsWith('.ipynb'))) {
        const text = fs.readFileSync(file, 'utf8');
        let data: { cells?: unknown };
        try {
          data = JSON.parse(
            text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
          );
        } catch {
          continue;
        }
        const scan = scanNotebookJson(text, true);
        if (!Array.isArray(data.cells)) continue;
        (data.cells as { source?: unknown }[]).forEach((c, i) => {
          const range = scan.cells[i]?.source;
          if (!range) return;
          const found = sourceLiterals(text, range.start, range.end).map(at => {
            STRING.lastIndex = at;
            return JSON.parse(STRING.exec(text)![0]) as unknown;
          });
          const expected =
            typeof c.source === 'string'
              ? [c.source]
              : Array.isArray(c.source)
                ? c.source.filter(s => typeof s === 'string')
                : [];
          expect({ file, cell: i, found }).toEqual({
            file,
            cell: i,
            found: expected
          });
          cells++;
        });
      }
    }
    expect(cells).toBeGreaterThan(500);
  });
});
