/** Fixes: applied to the original text only where needed; untouched notebooks stay byte-identical. */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { applyEdits, fixNotebook, serializeSource } from '../../src/fix';
import { readNotebook } from '../../src/notebook';
import { corpusDirs } from '../corpusDirs';
import { notebookText } from '../rules/ruleTester';

const strict = resolveConfig({ extends: 'strict' }).rules;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      walk(p, out);
    } else if (/\.(ipynb|py)$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

describe('fixes', () => {
  it('fixes f-strings, trailing whitespace and !pip, and nothing else changes', () => {
    const text = notebookText([
      { md: '# Título ünïcode' },
      '!pip install pandas==2.2.2\nprint(f"done")   \nname = "é"',
      'y = 2'
    ]);
    const result = fixNotebook(readNotebook('a.ipynb', text), strict);
    expect(result.fixed).toBe(3);
    const after = readNotebook('a.ipynb', result.text);
    expect(after.cells[1].source).toBe(
      '%pip install pandas==2.2.2\nprint("done")\nname = "é"'
    );
    const before = text.split('\n');
    const changed = result.text.split('\n').filter((l, i) => l !== before[i]);
    expect(changed).toEqual([
      '    "%pip install pandas==2.2.2\\n",',
      '    "print(\\"done\\")\\n",'
    ]);
    expect(result.findings.some(f => f.fix)).toBe(false);
  });

  it('keeps the layout of a single-string source and of ensure_ascii files', () => {
    expect(serializeSource('a\nb', '"x\\ny"')).toBe('"a\\nb"');
    expect(serializeSource('é\n', '[\n    "\\u00e9\\n"\n   ]')).toBe(
      '[\n    "\\u00e9\\n"\n   ]'
    );
    expect(serializeSource('a\nb', '[\n    "x"\n   ]')).toBe(
      '[\n    "a\\n",\n    "b"\n   ]'
    );
  });

  it('edits Databricks source files in place', () => {
    const text =
      '# Databricks notebook source\nx = f"plain"\n\n# COMMAND ----------\n\n# MAGIC %md # T\n';
    const result = fixNotebook(readNotebook('d.py', text), strict);
    expect(result.text).toBe(text.replace('f"plain"', '"plain"'));
  });

  it('deletes empty cells with their separators; every other byte stays', () => {
    const spec = (ids: string[]) =>
      ids.map(id =>
        id.startsWith('e')
          ? { code: id.startsWith('em') ? '  \n' : '', id }
          : id.startsWith('m')
            ? { md: `# ${id}`, id }
            : { code: `x_${id} = 1`, id }
      );
    const emptyCell = strict.filter(r => r.rule.meta.id === 'empty-cell');
    for (const ids of [
      ['e0', 'a', 'b'], // first cell
      ['a', 'b', 'e1'], // last cell
      ['a', 'e1', 'em2', 'b'], // a run in the middle
      ['e0', 'em1', 'a', 'e3', 'm4', 'e5'] // runs at both ends and between
    ]) {
      const text = notebookText(spec(ids));
      const result = fixNotebook(readNotebook('a.ipynb', text), emptyCell);
      const kept = ids.filter(id => !id.startsWith('e'));
      expect(result.text).toBe(notebookText(spec(kept)));
      expect(result.fixed).toBe(ids.length - kept.length);
      expect(result.findings).toEqual([]);
    }
  });

  it('keeps empty cells that carry tags or outputs, and refuses to delete every cell', () => {
    const emptyCell = strict.filter(r => r.rule.meta.id === 'empty-cell');
    const text = notebookText([
      { code: '', id: 'p', metadata: { tags: ['parameters'] } },
      'x = 1'
    ]);
    const result = fixNotebook(readNotebook('a.ipynb', text), emptyCell);
    expect(result.text).toBe(text);
    expect(result.findings).toHaveLength(1);
    const only = readNotebook('b.ipynb', notebookText(['']));
    expect(() =>
      applyEdits(only, [
        { cell: 0, from: 0, to: 0, text: '', deleteCell: true }
      ])
    ).toThrow('every cell');
    const script = readNotebook('c.py', '# %%\nx = 1\n\n# %%\n\n');
    expect(fixNotebook(script, emptyCell).text).toBe(script.text);
  });

  it('refuses edits that would not read back as intended', () => {
    const nb = readNotebook('d.py', '# Databricks notebook source\nx = 1\n');
    expect(() =>
      applyEdits(nb, [
        { cell: 0, from: 0, to: 1, text: 'a\n# COMMAND ----------\nb' }
      ])
    ).toThrow();
  });

  const files = corpusDirs()
    .flatMap(d => walk(d))
    .filter(f => !f.includes('bad-input'));
  it(`corpus notebooks without fixable findings are written back byte-identical (${files.length} files: test/corpus and ../shared/corpus)`, () => {
    let identical = 0;
    let fixedFiles = 0;
    const noFixRules = strict.filter(r => !r.rule.meta.fixable);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let nb;
      try {
        nb = readNotebook(file, text);
      } catch {
        continue;
      }
      expect(fixNotebook(nb, noFixRules).text).toBe(text);
      identical++;
      const fixed = fixNotebook(nb, strict);
      if (fixed.fixed > 0) {
        fixedFiles++;
        const reread = readNotebook(file, fixed.text);
        // the cells that stay keep their order, kind and (unless a fix edits them) source;
        // a cell goes only when it was empty or a fix emptied it (an import moved away)
        const edited = new Set(
          lintNotebook(nb, strict).flatMap(f =>
            (f.fix?.edits ?? []).map(e => e.cell)
          )
        );
        let j = 0;
        for (const c of nb.cells) {
          const next = reread.cells.at(j);
          const same =
            next?.kind === c.kind &&
            next.id === c.id &&
            (next.source === c.source ||
              // an edited cell reads back changed, unless it went and this is the next one
              (edited.has(c.index) &&
                next.source !== nb.cells[c.index + 1]?.source));
          if (same) {
            j++;
          } else {
            const emptied = edited.has(c.index) || c.source.trim() === '';
            expect({ cell: c.index, emptied }).toEqual({
              cell: c.index,
              emptied: true
            });
          }
        }
        expect(j).toBe(reread.cells.length);
      }
    }
    // the shipped corpus alone has 15 notebooks; with the shared one, 100+
    expect(identical).toBeGreaterThan(corpusDirs().length > 1 ? 50 : 10);
    expect(fixedFiles).toBeGreaterThan(0);
  });
});
