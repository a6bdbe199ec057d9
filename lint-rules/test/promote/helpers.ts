import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readNotebook } from '../../src/notebook';
import type { Notebook } from '../../src/notebook/types';
import { isRefusal, type PlanContext } from '../../src/promote/planContext';
import type { PromotionRequest } from '../../src/promote/types';
import { nodeIo } from '../../src/cli/io';
import { execute } from '../../src/cli/promote';
import { validateRequest } from '../../src/promote/validate';

export type CellSpec =
  string | { md: string } | { code: string; tags?: string[] } | { raw: string };

/** An .ipynb notebook (nbformat 4.5, ids c0, c1, ...) from cell sources, read by the real reader. */
export function notebookOf(
  cells: CellSpec[],
  name = 'analysis.ipynb'
): Notebook {
  return readNotebook(name, ipynbText(cells));
}

export function ipynbText(cells: CellSpec[]): string {
  const json = {
    cells: cells.map((c, i) => {
      const id = `c${i}`;
      if (typeof c === 'string') return codeCell(id, c, []);
      if ('md' in c)
        return { cell_type: 'markdown', id, metadata: {}, source: lines(c.md) };
      if ('raw' in c)
        return { cell_type: 'raw', id, metadata: {}, source: lines(c.raw) };
      return codeCell(id, c.code, c.tags ?? []);
    }),
    metadata: {
      kernelspec: {
        display_name: 'Python 3',
        language: 'python',
        name: 'python3'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  return JSON.stringify(json, null, 1) + '\n';
}

function lines(source: string): string[] {
  const parts = source.split('\n');
  return parts
    .map((p, i) => (i < parts.length - 1 ? `${p}\n` : p))
    .filter(p => p !== '');
}

function codeCell(id: string, source: string, tags: string[]) {
  return {
    cell_type: 'code',
    execution_count: null,
    id,
    metadata: tags.length ? { tags } : {},
    outputs: [],
    source: lines(source)
  };
}

export const PYTHON =
  [
    '/work/main/.venv/bin/python',
    path.resolve(__dirname, '../../../.venv/bin/python')
  ].find(p => fs.existsSync(p)) ?? 'python3';

/**
 * Compiles Python texts with the real interpreter, all in one process: returns the error of each
 * text that does not compile ('' when it does).
 */
export function compilePython(
  texts: Record<string, string>
): Record<string, string> {
  const script = [
    'import json, sys',
    'texts = json.load(sys.stdin)',
    'out = {}',
    'for name, text in texts.items():',
    '    try:',
    '        compile(text, name, "exec")',
    '        out[name] = ""',
    '    except SyntaxError as err:',
    '        out[name] = f"{err.msg} (line {err.lineno})"',
    'print(json.dumps(out))'
  ].join('\n');
  const stdout = execFileSync(PYTHON, ['-c', script], {
    input: JSON.stringify(texts),
    encoding: 'utf8'
  });
  return JSON.parse(stdout) as Record<string, string>;
}

/**
 * The context the planner's steps share, for a notebook of `cells` with `select` selected
 * (0-based); throws when validation refuses, so a step's table starts from a valid request.
 */
export function planContextOf(
  cells: CellSpec[],
  select: number[],
  extra: Partial<PromotionRequest> = {}
): PlanContext {
  const ctx = validateRequest({
    notebook: notebookOf(cells),
    cells: select,
    modulePath: 'src/pkg/steps.py',
    ...extra
  });
  if (isRefusal(ctx))
    throw new Error(`validation refused: ${JSON.stringify(ctx.reasons)}`);
  return ctx;
}

/** `nbcraft promote ARGV` run in `cwd` (the real command, files and all), with what it printed. */
export async function promoteIn(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = nodeIo({
    cwd,
    stdout: t => (out += t),
    stderr: t => (err += t),
    env: {}
  });
  const code = await execute(argv, io);
  return { code, out, err };
}
