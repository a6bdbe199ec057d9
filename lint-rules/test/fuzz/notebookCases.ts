/**
 * Damaged notebooks made from real ones: every case is a file name and its text, named after
 * the mutation so a failure reads as the input that caused it. Seeded: the same cases on every run.
 */
import { ipynbText } from '../promote/helpers';
import { below, pick, type Random, sample } from './seeded';

export interface FuzzCase {
  /** what was done to which seed, e.g. `findings.ipynb: cells[1].source = null` */
  name: string;
  /** the file name the readers see (its extension picks the reader) */
  file: string;
  text: string;
}

type Json = unknown;
const DELETE = Symbol('delete');

/** Values of every JSON type, and some that stress sizes and encodings. */
export const ODD_VALUES: { label: string; value: unknown }[] = [
  { label: 'deleted', value: DELETE },
  { label: 'null', value: null },
  { label: '0', value: 0 },
  { label: '-1', value: -1 },
  { label: '1e308', value: 1e308 },
  { label: '3.5', value: 3.5 },
  { label: 'true', value: true },
  { label: '""', value: '' },
  { label: '"x"', value: 'x' },
  { label: '"\\u0000"', value: '\u0000' },
  { label: 'a lone surrogate', value: 'a\ud800b' },
  { label: '[]', value: [] },
  { label: '[1, null]', value: [1, null] },
  { label: '["a", 2]', value: ['a', 2] },
  { label: '{}', value: {} },
  { label: '{"a": [1]}', value: { a: [1] } },
  { label: 'a 200 kB string', value: 'x'.repeat(200_000) },
  // deeper than the fast scan goes (256), not deeper: indented, the text grows with the square of the depth
  { label: 'arrays nested 400 deep', value: nested(400) }
];

function nested(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** The key paths of an nbformat 4 notebook that a reader looks at, for a notebook `nb`. */
export function keyPaths(nb: Record<string, Json>): (string | number)[][] {
  const paths: (string | number)[][] = [
    ['cells'],
    ['metadata'],
    ['nbformat'],
    ['nbformat_minor'],
    ['metadata', 'kernelspec'],
    ['metadata', 'kernelspec', 'language'],
    ['metadata', 'kernelspec', 'name'],
    ['metadata', 'language_info'],
    ['metadata', 'language_info', 'name']
  ];
  const cells = Array.isArray(nb.cells) ? nb.cells : [];
  cells.forEach((raw, i) => {
    const cell = raw as Record<string, Json>;
    paths.push(
      ['cells', i],
      ['cells', i, 'cell_type'],
      ['cells', i, 'source'],
      ['cells', i, 'metadata'],
      ['cells', i, 'metadata', 'tags'],
      ['cells', i, 'metadata', 'vscode'],
      ['cells', i, 'metadata', 'microsoft'],
      ['cells', i, 'id'],
      ['cells', i, 'attachments']
    );
    if (Array.isArray(cell.source) && cell.source.length)
      paths.push(['cells', i, 'source', 0]);
    if (cell.cell_type === 'code') {
      paths.push(['cells', i, 'outputs'], ['cells', i, 'execution_count']);
      const outputs = Array.isArray(cell.outputs) ? cell.outputs : [];
      outputs.forEach((_, j) => {
        for (const key of [
          null,
          'output_type',
          'text',
          'data',
          'name',
          'traceback',
          'ename',
          'evalue',
          'metadata'
        ])
          paths.push(
            key === null
              ? ['cells', i, 'outputs', j]
              : ['cells', i, 'outputs', j, key]
          );
      });
    }
  });
  return paths;
}

function clone(v: Json): Json {
  return JSON.parse(JSON.stringify(v));
}

/** `nb` with the value at `path` replaced (or deleted); parents that are missing are created. */
export function withValue(
  nb: Json,
  path: (string | number)[],
  value: unknown
): Json {
  const copy = clone(nb) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    let child = parent[key];
    if (typeof child !== 'object' || child === null) {
      child = {};
      parent[key] = child;
    }
    parent = child as Record<string | number, Json>;
  }
  const last = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(parent) && typeof last === 'number')
      parent.splice(last, 1);
    else Reflect.deleteProperty(parent, last);
  } else parent[last] = value;
  return copy;
}

/** Jupyter's own layout: one-space indent, trailing newline. */
export function serialise(nb: Json): string {
  return JSON.stringify(nb, null, 1) + '\n';
}

function label(path: (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p))
    .join('');
}

/** Wrong JSON types for every key a reader uses: `count` cases picked from the full cross product. */
export function wrongTypeCases(
  next: Random,
  seedName: string,
  nb: Record<string, Json>,
  count: number
): FuzzCase[] {
  const all: { path: (string | number)[]; v: (typeof ODD_VALUES)[number] }[] =
    [];
  for (const path of keyPaths(nb))
    for (const v of ODD_VALUES) all.push({ path, v });
  return sample(next, all, count).map(({ path, v }) => ({
    name: `${seedName}: ${label(path)} = ${v.label}`,
    file: seedName,
    text: serialise(withValue(nb, path, v.value))
  }));
}

/** Truncations right after each kind of JSON boundary (a few of each kind). */
export function truncationCases(
  next: Random,
  seedName: string,
  text: string,
  perKind: number
): FuzzCase[] {
  const kinds: Record<string, number[]> = {};
  const add = (kind: string, at: number) => (kinds[kind] ??= []).push(at);
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        add('inside an escape', i + 1);
        if (text[i + 1] === 'u') add('inside a \\u escape', i + 4);
        i++;
      } else if (ch === '"') {
        inString = false;
        add('after a string', i + 1);
      } else if (ch >= '\ud800' && ch <= '\udbff')
        add('between a surrogate pair', i + 1);
      else add('inside a string', i + 1);
    } else if (ch === '"') {
      inString = true;
      add('after an opening quote', i + 1);
    } else if ('{['.includes(ch)) add(`after "${ch}"`, i + 1);
    else if ('}]'.includes(ch)) add(`after "${ch}"`, i + 1);
    else if (ch === ',') add('after ","', i + 1);
    else if (ch === ':') add('after ":"', i + 1);
    else if (/[0-9tfn]/.test(ch)) add('inside a literal', i + 1);
  }
  add('to nothing', 0);
  const out: FuzzCase[] = [];
  for (const [kind, offsets] of Object.entries(kinds)) {
    for (const at of sample(next, offsets, perKind)) {
      out.push({
        name: `${seedName}: cut ${kind} at offset ${at}`,
        file: seedName,
        text: text.slice(0, at)
      });
    }
  }
  return out;
}

/** Every cell with the same id, an empty id, a huge id, ids that are not strings, ids missing. */
export function cellIdCases(
  seedName: string,
  nb: Record<string, Json>
): FuzzCase[] {
  const cells = (Array.isArray(nb.cells) ? nb.cells : []) as Record<
    string,
    Json
  >[];
  const withIds = (ids: (i: number) => Json, minor = 5): FuzzCase['text'] =>
    serialise({
      ...nb,
      nbformat_minor: minor,
      cells: cells.map((c, i) => {
        const id = ids(i);
        const copy = { ...c };
        if (id === DELETE) delete copy.id;
        else copy.id = id;
        return copy;
      })
    });
  const variants: [string, (i: number) => Json, number?][] = [
    ['all ids "same"', () => 'same'],
    ['all ids empty', () => ''],
    ['ids 100,000 characters long', i => `${'a'.repeat(100_000)}${i}`],
    ['ids are numbers', i => i],
    ['ids are null', () => null],
    ['ids with spaces and unicode', i => `cell ${i} é`],
    ['ids missing in 4.5', () => DELETE],
    ['ids missing in 4.4', () => DELETE, 4]
  ];
  return variants.map(([what, ids, minor]) => ({
    name: `${seedName}: ${what}`,
    file: seedName,
    text: withIds(ids, minor)
  }));
}

/** Other nbformat versions and version values of the wrong kind. */
export function versionCases(
  seedName: string,
  nb: Record<string, Json>
): FuzzCase[] {
  const v3 = {
    metadata: { name: 'old' },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [
      {
        cells: [
          { cell_type: 'code', input: 'x = 1', language: 'python', outputs: [] }
        ]
      }
    ]
  };
  const versions: [string, Json, Json][] = [
    ['nbformat 5.0', 5, 0],
    ['nbformat 4.99', 4, 99],
    ['nbformat -4', -4, 0],
    ['nbformat 4.5 as strings', '4', '5'],
    ['nbformat 4.0 as a float', 4.0, 0.0],
    ['nbformat 4.5 as one float', 4.5, 0],
    ['nbformat 2 ** 53', 2 ** 53, 0]
  ];
  return [
    {
      name: `${seedName}: a real nbformat 3 notebook`,
      file: seedName,
      text: serialise(v3)
    },
    ...versions.map(([what, major, minor]) => ({
      name: `${seedName}: ${what}`,
      file: seedName,
      text: serialise({ ...nb, nbformat: major, nbformat_minor: minor })
    }))
  ];
}

/** A notebook of the given code cells (nbformat 4.5, ids c0, c1, ...; promote's test notebooks), with `extra` top-level keys. */
export function notebookText(
  sources: string[],
  extra: Record<string, Json> = {}
): string {
  return serialise({
    ...(JSON.parse(ipynbText(sources)) as Record<string, Json>),
    ...extra
  });
}

/** Text-level damage: BOM, line ends, raw NULs and the characters invalid UTF-8 decodes to. */
export function encodingCases(
  next: Random,
  seedName: string,
  text: string
): FuzzCase[] {
  const at = 1 + below(next, Math.max(1, text.length - 2));
  const quote = text.indexOf('"source"');
  const inSource =
    quote === -1 ? at : text.indexOf('"', text.indexOf(':', quote) + 3) + 1;
  const insert = (where: number, what: string) =>
    text.slice(0, where) + what + text.slice(where);
  const variants: [string, string][] = [
    ['a BOM', '\ufeff' + text],
    ['two BOMs', '\ufeff\ufeff' + text],
    ['CRLF line ends', text.replace(/\n/g, '\r\n')],
    ['CR line ends', text.replace(/\n/g, '\r')],
    ['a raw NUL byte', insert(at, '\u0000')],
    [
      'a raw NUL after 10 kB',
      insert(text.length, ' '.repeat(10_000) + '\u0000')
    ],
    ['invalid UTF-8 (U+FFFD) in a source', insert(inSource, '\ufffd\ufffd')],
    ['a raw lone surrogate in a source', insert(inSource, '\ud800')],
    ['an escaped lone surrogate in a source', insert(inSource, '\\udc00')],
    ['an escaped NUL in a source', insert(inSource, '\\u0000')],
    ['a raw control character in a source', insert(inSource, '\u0001')],
    ['a raw tab in a source', insert(inSource, '\t')],
    ['UTF-16 text', '\ufeff' + text.replace(/[^]/g, c => c + '\u0000')],
    ['trailing garbage', text + 'garbage'],
    ['two notebooks', text + text],
    [
      'a merge conflict',
      insert(inSource, '\n<<<<<<< HEAD\n=======\n>>>>>>> branch\n')
    ]
  ];
  return variants.map(([what, t]) => ({
    name: `${seedName}: ${what}`,
    file: seedName,
    text: t
  }));
}

/** Odd shapes that are valid JSON: a huge notebook, a notebook of deep metadata, many cells. */
export function shapeCases(next: Random): FuzzCase[] {
  const many = Array.from(
    { length: 500 },
    (_, i) => `x${i} = x${Math.max(0, i - 1)} + 1`
  );
  // JSON.stringify itself overflows the stack here: the text is written directly
  const deep = '['.repeat(20_000) + '1' + ']'.repeat(20_000);
  return [
    { name: '500 cells', file: 'many.ipynb', text: notebookText(many) },
    {
      name: 'metadata nested 20,000 deep',
      file: 'deep.ipynb',
      text: notebookText(['x = 1'], { metadata: { deep: 'DEEP' } }).replace(
        '"DEEP"',
        deep
      )
    },
    {
      name: 'cell metadata nested 20,000 deep',
      file: 'deep-cell.ipynb',
      text: serialise({
        cells: [
          {
            cell_type: 'code',
            id: 'a',
            metadata: { d: 'DEEP' },
            outputs: [],
            source: 'x',
            execution_count: null
          }
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      }).replace('"DEEP"', deep)
    },
    {
      name: 'a 2 MB stream output',
      file: 'big-output.ipynb',
      text: serialise({
        cells: [
          {
            cell_type: 'code',
            id: 'a',
            metadata: {},
            execution_count: 1,
            outputs: [
              {
                output_type: 'stream',
                name: 'stdout',
                text: 'y'.repeat(2_000_000)
              }
            ],
            source: 'print(1)'
          }
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      })
    },
    {
      name: 'source as 5,000 one-character strings',
      file: 'split.ipynb',
      text: notebookText([]).replace(
        '"cells": []',
        `"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": null, "source": ${JSON.stringify(
          'x = 1\n'
            .repeat(834)
            .slice(0, 5000)
            .split(/(?=[^])/)
        )}}]`
      )
    },
    {
      name: 'duplicate keys in a cell',
      file: 'dup.ipynb',
      text: notebookText(['x = 1']).replace(
        '"outputs": []',
        '"outputs": [], "source": 5, "source": "y = 2"'
      )
    },
    {
      name: 'a random key order and extra keys',
      file: 'extra.ipynb',
      text: notebookText([pick(next, ['x = 1', 'import os'])], {
        extra: { nested: [1, { a: null }] }
      })
    }
  ];
}

/** A real script notebook with its markers damaged, and cut at line boundaries. */
export function scriptMutationCases(
  next: Random,
  seedName: string,
  text: string,
  cuts: number
): FuzzCase[] {
  const replaceAll = (from: RegExp, to: string) => text.replace(from, to);
  const variants: [string, string][] = [
    ['COMMAND markers shortened', replaceAll(/COMMAND -+/g, 'COMMAND -')],
    ['COMMAND markers without "# "', replaceAll(/^# COMMAND/gm, 'COMMAND')],
    ['MAGIC prefixes without the space', replaceAll(/^# MAGIC /gm, '# MAGIC')],
    ['MAGIC prefixes dropped', replaceAll(/^# MAGIC ?/gm, '')],
    [
      'every line a MAGIC line',
      text.replace(/^(?!# Databricks)/gm, '# MAGIC ')
    ],
    [
      'percent markers with broken attributes',
      replaceAll(/^# %%(.*)$/gm, '# %%$1 [markdown tags=["x"')
    ],
    ['percent markers as "#%%%"', replaceAll(/^# ?%%/gm, '#%%%')],
    ['the header doubled', text.replace(/^(.*)\n/, '$1\n$1\n')],
    ['CRLF line ends', text.replace(/\n/g, '\r\n')],
    ['a BOM', '\ufeff' + text],
    ['lone surrogates', text.replace(/=/g, '= "\ud800" +')]
  ];
  const out = variants.map(([what, t]) => ({
    name: `${seedName}: ${what}`,
    file: seedName,
    text: t
  }));
  const ends: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
    ends.push(i, i + 1);
  for (const at of sample(next, ends, cuts))
    out.push({
      name: `${seedName}: cut at offset ${at}`,
      file: seedName,
      text: text.slice(0, at)
    });
  return out;
}
