/**
 * Steps 7 and 8 of planPromotion: the function's name and text. The name is the one asked for
 * (refused when it is no identifier or the notebook already uses it), else a slug of the
 * Markdown heading above the selection, else `cell_<n>`, made unique. The text is the selected
 * cells' bodies, indented (never inside a multi-line string), a docstring, and a return of the
 * names later cells read and of the displayed value.
 */
import type { Notebook } from '../notebook/types';
import { BUILTINS } from '../python';
import type { CellAnalysis } from '../python/types';
import type { DisplayedExpression } from './display';
import { escapeDocstring } from './moduleText';
import { baseName } from '../notebook/read';
import { freeName, isIdentifier, slugifyHeading } from './naming';
import { showControlCharacters } from './controlCharacters';
import {
  bracketed,
  INDENT,
  fits,
  refusal,
  type PlanContext
} from './planContext';
import { refusalTexts, messageTexts } from './texts';
import type { PromotionRefusal, PromotionWarning } from './types';

export interface FunctionName {
  name: string;
  /** the heading above the selection, if any (the docstring's first line) */
  heading: string | null;
  /** every name the notebook binds or reads */
  notebookNames: Set<string>;
}

export function chooseFunctionName(
  ctx: Pick<PlanContext, 'nb' | 'perCell' | 'codeCells' | 'request'>,
  signature: { params: string[]; returns: string[] }
): FunctionName | PromotionRefusal {
  const { params, returns } = signature;
  const names = notebookNames(ctx.perCell);
  const heading = headingAbove(ctx.nb, ctx.codeCells[0]);
  const asked = ctx.request.functionName;
  if (asked !== undefined) {
    if (!isIdentifier(asked)) {
      return refusal([
        {
          code: 'bad-function-name',
          ...refusalTexts(
            {
              id: 'badFunctionName',
              data: { name: showControlCharacters(asked) }
            },
            { id: 'badFunctionNameHint' }
          )
        }
      ]);
    }
    if (names.has(asked)) {
      return refusal([
        {
          code: 'bad-function-name',
          ...refusalTexts(
            { id: 'functionNameTaken', data: { name: asked } },
            { id: 'functionNameTakenHint' }
          )
        }
      ]);
    }
    return { name: asked, heading, notebookNames: names };
  }
  const slug = heading ? slugifyHeading(heading) : '';
  const base = slug !== '' ? slug : `cell_${ctx.codeCells[0] + 1}`;
  const name = freeName(
    base,
    n =>
      names.has(n) ||
      BUILTINS.has(n) ||
      params.includes(n) ||
      returns.includes(n)
  );
  return { name, heading, notebookNames: names };
}

export interface FunctionText {
  /** the function's text under a given name (the module merge may rename it) */
  text: (name: string) => string;
  /** parameters changed in place */
  mutations: string[];
  /** the function returns the displayed value (it is no plain returned name) */
  returnsDisplayed: boolean;
  /** the notebook name that holds the displayed value when the call also returns names */
  resultName: string;
  warnings: PromotionWarning[];
}

export function buildFunctionText(
  ctx: Pick<PlanContext, 'nb' | 'bodies' | 'scopeOf' | 'codeCells'>,
  signature: {
    params: string[];
    returns: string[];
    selectionBinds: ReadonlySet<string>;
  },
  display: DisplayedExpression | null,
  fn: FunctionName
): FunctionText | PromotionRefusal {
  const { bodies, scopeOf } = ctx;
  const { params, returns, selectionBinds } = signature;
  const warnings: PromotionWarning[] = [];
  // a returned name is rebound in the notebook anyway (`total += x` on an int is no mutation)
  const mutations = [
    ...new Set(bodies.flatMap(b => scopeOf(b.cell).mutates))
  ].filter(n => params.includes(n) && !returns.includes(n));
  for (const n of mutations) {
    warnings.push({
      code: 'mutates-param',
      ...messageTexts({ id: 'warnMutatesParam', data: { name: n } })
    });
  }
  const returnsDisplayed = display !== null && display.simpleName === undefined;
  const resultName = freeName(
    `${fn.name}_result`,
    n => fn.notebookNames.has(n) || params.includes(n)
  );
  const bodyLines: string[] = [];
  for (const b of bodies) {
    b.lines.forEach((line, k) => {
      bodyLines.push(b.indentable[k] && line.trim() ? INDENT + line : line);
    });
  }
  while (bodyLines.length && !bodyLines[bodyLines.length - 1].trim())
    bodyLines.pop();
  while (bodyLines.length && !bodyLines[0].trim()) bodyLines.shift();
  const returnValues = [...returns];
  const returnLines: string[] = [];
  if (returnsDisplayed) {
    const exprText = display.lines.map((l, k) =>
      k === 0 ? l.text.trim() : l.indentable ? INDENT + l.text : l.text
    );
    if (!returnValues.length) {
      returnLines.push(`${INDENT}return ${exprText[0]}`, ...exprText.slice(1));
    } else {
      const local = freeName(
        'displayed',
        n => selectionBinds.has(n) || params.includes(n)
      );
      returnLines.push(
        `${INDENT}${local} = ${exprText[0]}`,
        ...exprText.slice(1)
      );
      returnValues.push(local);
    }
  }
  if (returnValues.length && !(returnsDisplayed && !returns.length)) {
    // a tuple that does not fit is parenthesised, one value a line (as ruff format does)
    returnLines.push(
      returnValues.length > 1 &&
        !fits(`${INDENT}return ${returnValues.join(', ')}`)
        ? bracketed('return (', returnValues, ')', INDENT, true)
        : `${INDENT}return ${returnValues.join(', ')}`
    );
  }
  const hasCode =
    bodyLines.some(l => l.trim() && !l.trim().startsWith('#')) ||
    returnLines.length > 0;
  if (!hasCode) {
    return refusal([
      {
        code: 'nothing-to-promote',
        ...refusalTexts(
          { id: 'nothingToPromote' },
          { id: 'nothingToPromoteHint' }
        ),
        cell: ctx.codeCells[0]
      }
    ]);
  }
  const docstring = docstringOf(fn.heading, baseName(ctx.nb.path), mutations);
  const text = (name: string) =>
    [
      bracketed(`def ${name}(`, params, '):', '', false, true),
      `${INDENT}"""${escapeDocstring(docstring)}"""`,
      ...bodyLines,
      ...returnLines
    ].join('\n');
  return { text, mutations, returnsDisplayed, resultName, warnings };
}

/** The heading (or where it came from) as summary, then where from and what it mutates. */
function docstringOf(
  heading: string | null,
  notebookName: string,
  mutations: string[]
): string {
  const summary = heading
    ? `${heading.replace(/\.$/, '')}.`
    : `Promoted from ${notebookName}.`;
  const notes: string[] = [];
  if (heading) notes.push(`Promoted from ${notebookName}.`);
  if (mutations.length)
    notes.push(
      `Mutates ${mutations.map(m => `\`\`${m}\`\``).join(', ')} in place.`
    );
  return notes.length
    ? `${summary}\n\n${notes.map(n => INDENT + n).join('\n')}\n${INDENT}`
    : summary;
}

/** The heading or first line of the Markdown cell just above the selection, if any. */
export function headingAbove(nb: Notebook, first: number): string | null {
  for (let i = first - 1; i >= 0; i--) {
    const cell = nb.cells[i];
    if (cell.kind === 'code' && !cell.source.trim()) continue;
    if (cell.kind !== 'markdown') return null;
    const lines = cell.source
      .split('\n')
      .map(l => l.replace(/^\s*%md(-sandbox)?\b/, '').trim()) // Databricks Markdown cells start with %md
      .filter(Boolean);
    if (!lines.length) continue;
    const heading = lines.find(l => /^#{1,6}\s+\S/.test(l));
    const chosen = (heading ?? lines[0])
      .replace(/^#{1,6}\s+/, '')
      .replace(/[*_`]/g, '')
      .trim();
    return chosen || null;
  }
  return null;
}

/** Every name any cell binds or reads: a new notebook-level name must not collide with them. */
function notebookNames(analyses: Map<number, CellAnalysis>): Set<string> {
  const names = new Set<string>();
  for (const a of analyses.values()) {
    if (!a.scope) continue;
    for (const n of a.scope.bound) names.add(n);
    for (const n of a.scope.reads) names.add(n);
  }
  return names;
}
