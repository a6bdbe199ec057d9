/**
 * A call made inside `try:` only to show the error it raises (round 27: lale's guide builds a
 * RandomForestRegressor in a pipeline its schema rejects, catches `jsonschema.ValidationError as e`
 * and prints the message). Nothing in the `try` body trains: what the call builds reaches no
 * result, so how it draws random numbers does not matter (NB107).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

/** a training or fitting call in the `try` body: what it builds is used, not only shown failing */
const TRAINS =
  /\.(?:fit|fit_transform|fit_predict|fit_resample|partial_fit|train|auto_configure)\s*\(|\b(?:cross_val\w*|fit|train)\s*\(/;
/** `except <error> as <name>:` whose handler reads the name (shows or keeps the message) */
const HANDLER_AS = /\bexcept\b[^:\n]*\bas[ \t]+([A-Za-z_]\w*)[ \t]*:/g;

/**
 * Whether `node` sits in the body of a `try` that trains nothing (TRAINS) and one of whose
 * handlers binds the error and reads it (`except ValueError as err: print(err)`): the call is
 * there to raise. A handler that swallows the error (`except ImportError: pass`) shows nothing.
 */
export function builtToShowError(node: SyntaxNode, cell: LintCell): boolean {
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    if (at.name !== 'TryStatement') continue;
    const body = at.getChild('Body');
    if (!body || node.from < body.from || node.to > body.to) continue;
    // each `try` read once per cell: many calls in one body cost one scan of it
    let known = judged.get(cell);
    if (!known) judged.set(cell, (known = new Map<number, boolean>()));
    let shows = known.get(at.from);
    if (shows === undefined) {
      shows = showsItsError(cell, at, body);
      known.set(at.from, shows);
    }
    return shows;
  }
  return false;
}

const judged = new WeakMap<LintCell, Map<number, boolean>>();

function showsItsError(
  cell: LintCell,
  statement: SyntaxNode,
  body: SyntaxNode
): boolean {
  if (TRAINS.test(cell.textOf(body))) return false;
  const handlers = cell.textOf({ from: body.to, to: statement.to });
  for (const m of handlers.matchAll(HANDLER_AS)) {
    const rest = handlers.slice(m.index + m[0].length);
    if (new RegExp(`\\b${m[1]}\\b`).test(rest)) return true;
  }
  return false;
}
