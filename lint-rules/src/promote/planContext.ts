/**
 * What every step of planPromotion shares: the request, the selection's cells in order, the
 * notebook's analysis and the bodies of the selected cells. Built once by `validateRequest`
 * (validate.ts); the steps read it and never change it.
 */
import type { Notebook, NotebookCell } from '../notebook/types';
import type { analyzeNotebook } from '../python';
import type { CellAnalysis, CellScope } from '../python/types';
import type { CellBody } from './cellBody';
import type {
  PromotionRefusal,
  PromotionRefusalReason,
  PromotionRequest
} from './types';

/** Analysis of a whole notebook, reusable across several plans of the same notebook text. */
export type NotebookAnalysis = ReturnType<typeof analyzeNotebook>;

/** Four spaces: the function body's indent. */
export const INDENT = '    ';

/**
 * The line length of the formatters projects run in CI (ruff format and black, both 88 by
 * default): the lines promote generates that would be longer are split the way those
 * formatters split them, so the files pass `ruff format --check` as written.
 */
export const LINE_LENGTH = 88;

/** East Asian Wide and Fullwidth code points (Unicode's EastAsianWidth W/F), the main blocks. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd]
];

/**
 * The columns a line takes as ruff format counts them (its `unicode-width`): one per code
 * point, two for an East Asian wide one, none for a combining mark; not UTF-16 units.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    width += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return width;
}

/** True when the line fits the formatters' line length. */
export function fits(line: string): boolean {
  return textWidth(line) <= LINE_LENGTH;
}

/**
 * `head` + the items + `tail` (`def f(` a, b `):`, `x == [` ... `]`), laid out as ruff format
 * and black lay it out: on one line when it fits (always, with no items: `def f():` cannot
 * split); else the items on one indented line when they fit there (or there is only one);
 * else one item per line with a trailing comma. `explode` skips the middle form, as the
 * formatters do for a list or tuple literal. `indent` is the indent of the line `head` starts.
 * `soleComma` gives a lone item its trailing comma too, as the formatters do for a split
 * `def` with one parameter (`def f(\n    frame,\n):`).
 */
export function bracketed(
  head: string,
  items: string[],
  tail: string,
  indent = '',
  explode = false,
  soleComma = false
): string {
  const oneLine = `${indent}${head}${items.join(', ')}${tail}`;
  if (fits(oneLine) || items.length === 0) {
    return oneLine;
  }
  const inner = indent + INDENT;
  const hugged = `${inner}${items.join(', ')}`;
  if (items.length === 1 && soleComma) {
    return `${indent}${head}\n${hugged},\n${indent}${tail}`;
  }
  if (items.length === 1 || (!explode && fits(hugged))) {
    return `${indent}${head}\n${hugged}\n${indent}${tail}`;
  }
  return `${indent}${head}\n${items.map(item => `${inner}${item},\n`).join('')}${indent}${tail}`;
}

export interface PlanContext {
  request: PromotionRequest;
  nb: Notebook;
  /** the selected cells, sorted, without duplicates */
  selected: number[];
  /** the selected code cells, in order */
  codeCells: number[];
  /** first and last selected cell (any kind) */
  first: number;
  last: number;
  /** the last selected code cell */
  lastCode: number;
  modulePath: string;
  moduleName: string;
  perCell: NotebookAnalysis['perCell'];
  dataflow: NotebookAnalysis['dataflow'];
  /** one body per selected code cell, in order */
  bodies: CellBody[];
  /** code cells before the first selected cell, and after the last */
  cellsBefore: number[];
  cellsAfter: number[];
  analysisOf: (i: number) => CellAnalysis;
  /** the scope of a selected cell (validation made sure it parsed) */
  scopeOf: (i: number) => CellScope;
  /** the last code cell before the selection that binds `name`, or null */
  definedBefore: (name: string) => number | null;
}

export function refusal(reasons: PromotionRefusalReason[]): PromotionRefusal {
  return { ok: false, reasons };
}

/** A step's answer is either what it worked out or a refusal that ends the plan. */
export function isRefusal(value: object): value is PromotionRefusal {
  return (value as { ok?: unknown }).ok === false;
}

export function isPythonCode(cell: NotebookCell): boolean {
  return cell.kind === 'code' && cell.language === 'python';
}

/** `first`..`last`, both included. */
export function rangeOf(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}
