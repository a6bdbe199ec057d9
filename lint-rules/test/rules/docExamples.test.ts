/**
 * Every rule doc's "Example" must produce a finding of its rule and its "Use instead" none, as
 * typescript-eslint's docs test lints each "Incorrect"/"Correct" example. A ```python block is
 * a notebook: `# cell N` comment lines split it into cells, `# cell N (markdown)` makes a Markdown
 * cell; a block starting with `# Databricks notebook source` is that file; a ```json block is a
 * whole .ipynb. Rules whose example is about something a code block cannot show (the file name,
 * outputs, execution counts, cell ids) are listed below with the reason. A first line
 * `# repository: /root · notebook: nb.ipynb · uncommitted: a.py, b.py` (or `repository: none`)
 * stands for the git state the host passes the rules that need it.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { allRules } from '../../src/rules';
import type { RepositoryState, Rule } from '../../src/engine/types';
import { CellSpec, lintCase, RuleCase } from './ruleTester';

/** rule id -> why its doc example is not a code block */
const NOT_SHOWN_IN_CODE: Record<string, string> = {
  'non-linear-execution': 'execution counts',
  'unexecuted-cell': 'execution counts and outputs',
  'error-output': 'saved outputs',
  'large-output': 'saved outputs',
  'invalid-cell-id': 'cell ids in the JSON',
  'untitled-notebook': 'the file name',
  'copy-notebook-name': 'the file name',
  'non-portable-filename': 'the file name',
  'notebook-too-long': 'a notebook of more cells than fit in a doc',
  'cell-too-long': 'a cell of more lines than fit in a doc',
  'trailing-whitespace': 'trailing spaces, which Markdown formatting strips',
  // a real-looking secret in the docs would trip every secret scanner that reads them
  'api-key': 'an elided secret',
  'aws-access-key': 'an elided secret',
  'azure-client-secret': 'an elided secret',
  'azure-sas-token': 'an elided secret',
  'azure-storage-key': 'an elided secret'
};

function blocks(doc: string, section: string): string[] {
  const at = doc.indexOf(`## ${section}\n`);
  if (at < 0) {
    return [];
  }
  const end = doc.indexOf('\n## ', at + 4);
  const body = doc.slice(at, end < 0 ? undefined : end);
  return [...body.matchAll(/```(python|json)\n([\s\S]*?)```/g)].map(
    m => `${m[1]}\n${m[2]}`
  );
}

/** The git state a block's `# repository: ...` first line describes, if it has one. */
function repositoryOf(line: string): RepositoryState | undefined {
  const match = /^# repository: (.*)$/.exec(line);
  if (!match) {
    return undefined;
  }
  const [root, ...rest] = match[1].split(' · ');
  const fields = new Map(
    rest.map(part => {
      const at = part.indexOf(': ');
      return [part.slice(0, at), part.slice(at + 2)];
    })
  );
  const dirty = (fields.get('uncommitted') ?? 'none')
    .split(', ')
    .filter(p => p && p !== 'none');
  return {
    root: root === 'none' ? null : root,
    notebookPath: fields.get('notebook'),
    notebookTracked: fields.get('untracked') !== 'yes',
    dirty: dirty.length > 0,
    dirtyPaths: dirty
  };
}

function caseOf(block: string): RuleCase {
  const [lang, ...rest] = block.split('\n');
  const text = rest.join('\n');
  const repository = repositoryOf(rest[0] ?? '');
  if (repository) {
    return { ...caseOf([lang, ...rest.slice(1)].join('\n')), repository };
  }
  if (lang === 'json') {
    return { text };
  }
  if (text.startsWith('# Databricks notebook source')) {
    return { text, path: 'example.py' };
  }
  const cells: CellSpec[] = [];
  let current: string[] = [];
  let markdown = false;
  let marked = false;
  const flush = () => {
    const source = current.join('\n').replace(/\n+$/, '');
    if (current.length || marked) {
      cells.push(markdown ? { md: source } : source);
    }
    current = [];
  };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const marker = /^# cell \d+\b(.*)$/.exec(line);
    if (marker) {
      if (marked || current.length) {
        flush();
      }
      marked = true;
      markdown = /markdown/i.test(marker[1]);
      continue;
    }
    current.push(line);
  }
  if (marked || current.length) {
    flush();
  }
  return { cells };
}

const docOf = (rule: Rule) =>
  readFileSync(
    path.join(__dirname, '..', '..', 'docs', 'rules', `${rule.meta.id}.md`),
    'utf8'
  );

describe('rule docs: Example is reported, Use instead is not', () => {
  const shown = allRules.filter(r => !(r.meta.id in NOT_SHOWN_IN_CODE));

  it.each(shown.map(r => [r.meta.id, r] as const))('%s', (_id, rule) => {
    const doc = docOf(rule);
    const bad = blocks(doc, 'Example');
    const good = blocks(doc, 'Use instead');
    expect(bad.length).toBeGreaterThan(0);
    expect(good.length).toBeGreaterThan(0);
    for (const block of bad) {
      const found = lintCase(rule, caseOf(block));
      expect({ block, found: found.length > 0 }).toEqual({
        block,
        found: true
      });
    }
    for (const block of good) {
      const found = lintCase(rule, caseOf(block)).map(f => f.message);
      expect({ block, found }).toEqual({ block, found: [] });
    }
  });

  it('the exceptions name real rules whose docs have no code example', () => {
    for (const id of Object.keys(NOT_SHOWN_IN_CODE)) {
      const rule = allRules.find(r => r.meta.id === id);
      expect(rule).toBeDefined();
    }
  });
});
