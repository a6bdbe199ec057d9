/**
 * Robustness: arbitrary cell text and damaged notebook files never make the core throw anything
 * but a NotebookReadError, and masking always keeps length and line structure.
 * Inputs come from a seeded generator, so a failure is reproducible.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NotebookReadError, readNotebook } from '../../src/notebook';
import { analyzeCell, maskIPythonSyntax } from '../../src/python';
import { seeded as rng } from '../fuzz/seeded';

const TOKENS = [
  'x',
  'df',
  ' = ',
  '+',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '.',
  'def ',
  'class ',
  'lambda ',
  'for ',
  ' in ',
  'if ',
  'else',
  'elif ',
  'try',
  'except ',
  ' as ',
  'with ',
  'return ',
  'yield',
  'import ',
  'from ',
  'global ',
  'nonlocal ',
  'del ',
  'match ',
  'case ',
  '_',
  ':=',
  '+=',
  '"',
  "'",
  '"""',
  'f"{',
  '}"',
  '#',
  '\\',
  '%',
  '%%',
  '!',
  '?',
  '??',
  'pip install ',
  '%time ',
  '%%timeit',
  '\n',
  '\n    ',
  '\n        ',
  '\t',
  '*',
  '**',
  '@',
  '1',
  '0.5',
  'None',
  'async ',
  'await ',
  '->',
  ';',
  '\r\n',
  'é',
  '😀'
];

function randomCell(next: () => number): string {
  const n = 1 + Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(next() * TOKENS.length)];
  return s;
}

describe('robustness', () => {
  it('masks, parses and analyses 1,500 random cells without throwing; masking keeps the shape', () => {
    const next = rng(20261127);
    let parsedOk = 0;
    for (let i = 0; i < 1500; i++) {
      const src = randomCell(next);
      const masked = maskIPythonSyntax(src);
      expect(masked.text.length).toBe(src.length);
      expect(masked.text.split('\n').length).toBe(src.split('\n').length);
      const r = analyzeCell(src);
      expect(r.parsed.masked.text.length).toBe(src.length);
      if (r.scope) {
        parsedOk++;
        for (const ref of r.scope.refs) {
          // every ref names the cell's text at its position
          const line = src.split('\n')[ref.line];
          expect(line.slice(ref.column, ref.endColumn)).toBe(ref.name);
        }
      } else if (r.parsed.masked.cellLanguage === undefined) {
        expect(r.parsed.syntaxError?.message).toBeTruthy();
      }
    }
    expect(parsedOk).toBeGreaterThan(25);
  });

  it('reads every truncation and every single-byte corruption of a notebook as a notebook or one NotebookReadError', () => {
    const text = fs.readFileSync(
      path.join(
        __dirname,
        '..',
        'fixtures',
        'notebooks',
        'escapes-indent1.ipynb'
      ),
      'utf8'
    );
    const next = rng(7);
    const variants: string[] = [];
    for (let cut = 0; cut < text.length; cut += 3)
      variants.push(text.slice(0, cut));
    for (let k = 0; k < 400; k++) {
      const at = Math.floor(next() * text.length);
      const ch = String.fromCharCode(Math.floor(next() * 128));
      variants.push(text.slice(0, at) + ch + text.slice(at + 1));
    }
    let read = 0;
    for (const v of variants) {
      try {
        const nb = readNotebook('v.ipynb', v);
        read++;
        for (const c of nb.cells) c.toFilePosition({ line: 0, column: 0 });
      } catch (e) {
        expect(e).toBeInstanceOf(NotebookReadError);
        const err = e as NotebookReadError;
        expect(err.line === undefined || err.line >= 1).toBe(true);
      }
    }
    expect(read).toBeGreaterThan(0);
  });
});
