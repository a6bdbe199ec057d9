/**
 * Writes a promoted function into a module text: a new module, or an existing one updated
 * without clobbering it (new imports merged into its import block, the function appended;
 * a same-named function that differs is a conflict the caller resolves).
 */
import type { SyntaxNode } from '@lezer/common';
import { analyzeCell } from '../python';
import {
  dedupeImports,
  importKey,
  renderImports,
  specFromBinding,
  type ImportSpec
} from './imports';
import { freeName } from './naming';
import { refusalTexts, type PromoteTextId } from './texts';
import type { ConflictResolution, PromotionRefusalReason } from './types';

/** What an existing definition of the same name is, in the refusal. */
const DEFINES_KIND: Record<'function' | 'class' | 'other', PromoteTextId> = {
  function: 'moduleDefinesFunction',
  class: 'moduleDefinesClass',
  other: 'moduleDefinesOther'
};

export interface ModuleMergeInput {
  existingText?: string;
  /** first line of the docstring of a NEW module */
  moduleDocstring: string;
  imports: ImportSpec[];
  functionName: string;
  /** builds the function's text (no trailing newline) for a given name */
  functionText: (name: string) => string;
  onConflict: ConflictResolution;
  modulePath: string;
}

export type ModuleMergeResult =
  | {
      ok: true;
      text: string;
      unchanged: boolean;
      functionName: string;
      functionText: string;
      /** what happened to the function */
      action: 'created' | 'appended' | 'replaced' | 'renamed' | 'identical';
    }
  | { ok: false; reason: PromotionRefusalReason };

interface TopDefinition {
  name: string;
  node: SyntaxNode;
  kind: 'function' | 'class' | 'other';
}

function definitionName(node: SyntaxNode, text: string): TopDefinition | null {
  let target = node;
  if (node.name === 'DecoratedStatement') {
    const inner =
      node.getChild('FunctionDefinition') ?? node.getChild('ClassDefinition');
    if (!inner) return null;
    target = inner;
  }
  if (target.name !== 'FunctionDefinition' && target.name !== 'ClassDefinition')
    return null;
  const nameNode = target.getChild('VariableName');
  if (!nameNode) return null;
  return {
    name: text.slice(nameNode.from, nameNode.to),
    node,
    kind: target.name === 'FunctionDefinition' ? 'function' : 'class'
  };
}

function normaliseFunction(text: string): string {
  return text
    .split('\n')
    .map(l => l.trimEnd())
    .join('\n')
    .trim();
}

function escapeDocstring(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
}

/**
 * Merge the function and its imports into the module text. Pure. A module whose lines all end
 * in `\r\n` is merged as `\n` text and given its own line ending back, so the file does not
 * come out with mixed endings (which ruff format would rewrite).
 */
export function mergeIntoModule(input: ModuleMergeInput): ModuleMergeResult {
  const existing = input.existingText ?? '';
  if (!existing.includes('\r\n') || /(^|[^\r])\n/.test(existing)) {
    return mergeLf(input);
  }
  const merged = mergeLf({
    ...input,
    existingText: existing.replace(/\r\n/g, '\n')
  });
  return merged.ok
    ? { ...merged, text: merged.text.replace(/\n/g, '\r\n') }
    : merged;
}

function mergeLf(input: ModuleMergeInput): ModuleMergeResult {
  const existing = input.existingText ?? '';
  const wanted = dedupeImports(input.imports);
  if (!existing.trim()) {
    const text = renderNewModule(
      input.moduleDocstring,
      wanted,
      input.functionText(input.functionName)
    );
    return {
      ok: true,
      text,
      unchanged: false,
      functionName: input.functionName,
      functionText: input.functionText(input.functionName),
      action: 'created'
    };
  }

  const analysis = analyzeCell(existing);
  const tree = analysis.parsed.tree;
  if (!analysis.parsed.ok || !tree || !analysis.scope) {
    const err = analysis.parsed.syntaxError;
    return {
      ok: false,
      reason: {
        code: 'module-conflict',
        ...refusalTexts(
          err
            ? {
                id: 'moduleSyntaxError',
                data: {
                  path: input.modulePath,
                  line: String(err.line + 1),
                  detail: err.message
                }
              }
            : { id: 'moduleDoesNotParse', data: { path: input.modulePath } },
          { id: 'moduleDoesNotParseHint' }
        )
      }
    };
  }
  const scope = analysis.scope;

  // What the module already imports, and every name it binds some other way.
  const existingImports = scope.imports
    .filter(b => !b.conditional)
    .map(specFromBinding);
  const importKeys = new Set(existingImports.map(importKey));
  const importBound = new Map(
    existingImports.map(s => [s.bound, importKey(s)])
  );
  const otherBound = new Set(scope.bound.filter(n => !importBound.has(n)));

  const toAdd: ImportSpec[] = [];
  for (const spec of wanted) {
    const key = importKey(spec);
    if (importKeys.has(key)) continue;
    const clash = importBound.get(spec.bound);
    if (clash !== undefined || otherBound.has(spec.bound)) {
      return {
        ok: false,
        reason: {
          code: 'module-conflict',
          ...refusalTexts(
            clash
              ? {
                  id: 'moduleBindsImported',
                  data: {
                    path: input.modulePath,
                    name: spec.bound,
                    clash,
                    needed: key
                  }
                }
              : {
                  id: 'moduleBindsName',
                  data: {
                    path: input.modulePath,
                    name: spec.bound,
                    needed: key
                  }
                },
            { id: 'moduleBindsNameHint' }
          )
        }
      };
    }
    toAdd.push(spec);
  }

  // The function: new, identical, or a conflict.
  const tops: TopDefinition[] = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    const d = definitionName(n, existing);
    if (d) tops.push(d);
  }
  let name = input.functionName;
  let fnText = input.functionText(name);
  let action: 'appended' | 'replaced' | 'renamed' | 'identical' = 'appended';
  let replaceRange: { from: number; to: number } | null = null;
  const same = tops.find(d => d.name === name);
  const boundOtherwise = !same && otherBound.has(name);
  if (same || boundOtherwise || importBound.has(name)) {
    const identical =
      same?.kind === 'function' &&
      normaliseFunction(existing.slice(same.node.from, same.node.to)) ===
        normaliseFunction(fnText);
    if (identical) {
      action = 'identical';
    } else if (input.onConflict === 'replace' && same?.kind === 'function') {
      action = 'replaced';
      replaceRange = { from: same.node.from, to: same.node.to };
    } else if (input.onConflict === 'rename') {
      const taken = new Set([
        ...scope.bound,
        ...tops.map(t => t.name),
        ...wanted.map(w => w.bound)
      ]);
      name = freeName(name, n => taken.has(n));
      fnText = input.functionText(name);
      action = 'renamed';
    } else {
      return {
        ok: false,
        reason: {
          code: 'module-conflict',
          ...refusalTexts(
            same
              ? {
                  id: DEFINES_KIND[same.kind],
                  data: { path: input.modulePath, name }
                }
              : {
                  id: 'moduleDefinesName',
                  data: { path: input.modulePath, name }
                },
            {
              id:
                same?.kind === 'function'
                  ? 'moduleDefinesFunctionHint'
                  : 'moduleDefinesNameHint'
            }
          )
        }
      };
    }
  }

  // Edits on the original text, applied from the end so offsets stay valid.
  const edits: { from: number; to: number; text: string }[] = [];
  if (replaceRange) {
    const trailingNewline = existing
      .slice(replaceRange.from, replaceRange.to)
      .endsWith('\n');
    edits.push({
      ...replaceRange,
      text: fnText + (trailingNewline ? '\n' : '')
    });
  }
  if (toAdd.length) {
    edits.push(...importInsertions(existing, tree.topNode, toAdd));
  }
  // from the end; at one offset a replacement goes first, then inserts (the one pushed last first)
  const ordered = edits
    .map((e, i) => ({ ...e, i }))
    .sort(
      (a, b) => b.from - a.from || b.to - b.from - (a.to - a.from) || b.i - a.i
    );
  let text = existing;
  for (const e of ordered)
    text = text.slice(0, e.from) + e.text + text.slice(e.to);
  if (action === 'appended' || action === 'renamed') {
    text = text.trimEnd() + '\n\n\n' + fnText + '\n';
  }
  return {
    ok: true,
    text,
    unchanged: text === existing,
    functionName: name,
    functionText: fnText,
    action
  };
}

/** Where new imports go: `from __future__` right after the docstring, the rest after the import block. */
function importInsertions(
  text: string,
  top: SyntaxNode,
  specs: ImportSpec[]
): { from: number; to: number; text: string }[] {
  let afterDocstring = 0;
  let afterFuture = -1;
  let afterImports = -1;
  let first = true;
  for (let n = top.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment') continue;
    if (
      first &&
      n.name === 'ExpressionStatement' &&
      /^[rRuUbB]*("""|'''|"|')/.test(text.slice(n.from, n.to))
    ) {
      afterDocstring = lineEnd(text, n.to);
      first = false;
      continue;
    }
    first = false;
    if (n.name === 'ImportStatement') {
      const stmt = text.slice(n.from, n.to);
      if (/^from\s+__future__\s+import/.test(stmt))
        afterFuture = lineEnd(text, n.to);
      afterImports = lineEnd(text, n.to);
      continue;
    }
    break;
  }
  const futures = specs.filter(s => s.isFuture);
  const rest = specs.filter(s => !s.isFuture);
  const out: { from: number; to: number; text: string }[] = [];
  // `from __future__` must precede every other statement but the docstring.
  if (futures.length) {
    const at = afterFuture >= 0 ? afterFuture : afterDocstring;
    const blank = at > 0 && afterFuture < 0 ? '\n' : '';
    out.push({
      from: at,
      to: at,
      text:
        blank +
        renderImports(futures).join('\n') +
        '\n' +
        (afterFuture < 0 ? '\n' : '')
    });
  }
  if (rest.length) {
    const block = renderImports(rest).join('\n') + '\n';
    if (afterImports >= 0) {
      out.push({ from: afterImports, to: afterImports, text: block });
    } else {
      // The module's first imports: one blank line after the docstring (or the futures just
      // put there), and the blank lines that followed it kept after the block, two before a
      // def or class, as ruff format and black space them.
      const at = afterDocstring;
      const blanks = /^(?:[ \t]*\n)*/.exec(text.slice(at))?.[0] ?? '';
      const next = text.slice(at + blanks.length);
      const kept = blanks.split('\n').length - 1;
      const after = /^(?:@|(?:async\s+)?def\s|class\s)/.test(next)
        ? 2
        : Math.min(Math.max(kept, 1), 2);
      const lead = at > 0 && !(futures.length && afterFuture < 0) ? '\n' : '';
      out.push({
        from: at,
        to: at + blanks.length,
        text: lead + block + '\n'.repeat(after)
      });
    }
  }
  return out;
}

function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function renderNewModule(
  docstring: string,
  imports: ImportSpec[],
  fnText: string
): string {
  const parts = [`"""${escapeDocstring(docstring)}"""`];
  const futures = imports.filter(s => s.isFuture);
  const rest = imports.filter(s => !s.isFuture);
  if (futures.length) parts.push(renderImports(futures).join('\n'));
  if (rest.length) parts.push(renderImports(rest).join('\n'));
  return parts.join('\n\n') + '\n\n\n' + fnText + '\n';
}

export { escapeDocstring };
