import { defineRule } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  isInLoop,
  mentionsMlflow,
  NEW_SCOPE,
  once,
  qualify,
  variableNamesIn
} from './support/syntax';
import { appendKeywordArgument, loopCounter } from './support/edits';
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../engine/types';

/** the names a `for` binds (`for name, value in ...`): the VariableNames before `in` */
function forTargets(loop: SyntaxNode, cell: LintCell): Set<string> {
  const names = new Set<string>();
  for (
    let c = loop.firstChild?.nextSibling ?? null;
    c && c.name !== 'in';
    c = c.nextSibling
  ) {
    variableNamesIn(c, cell, names);
  }
  return names;
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  return [...a].some(name => b.has(name));
}

/**
 * The names a value builds a string (or a copy) from: a name itself, the fields of an f-string,
 * either side of `+` or `%`, and `.format(...)`'s object and arguments (and `str(x)`). A
 * condition, an attribute, a subscript or another call does not carry a name's variation into the
 * key (`'val_loss' if 'val_loss' in history.history else 'loss'`, `stats = evaluate(epoch)`).
 */
function stringBuiltNames(
  value: SyntaxNode,
  cell: LintCell,
  into = new Set<string>()
): Set<string> {
  switch (value.name) {
    case 'VariableName':
      into.add(cell.textOf(value));
      break;
    case 'ParenthesizedExpression':
      for (let c = value.firstChild; c; c = c.nextSibling) {
        stringBuiltNames(c, cell, into);
      }
      break;
    case 'FormatString':
      variableNamesIn(value, cell, into);
      break;
    case 'BinaryExpression': {
      const left = value.firstChild;
      const op = left?.nextSibling;
      if (left && op && (cell.textOf(op) === '+' || cell.textOf(op) === '%')) {
        stringBuiltNames(left, cell, into);
        if (op.nextSibling) stringBuiltNames(op.nextSibling, cell, into);
      }
      break;
    }
    case 'CallExpression': {
      const callee = value.firstChild;
      const args = value.getChild('ArgList');
      const format =
        callee?.name === 'MemberExpression' &&
        callee.lastChild !== null &&
        cell.textOf(callee.lastChild) === 'format';
      if (format || (callee && cell.textOf(callee) === 'str')) {
        if (format && callee.firstChild) {
          stringBuiltNames(callee.firstChild, cell, into);
        }
        for (let a = args?.firstChild ?? null; a; a = a.nextSibling) {
          stringBuiltNames(a, cell, into);
        }
      }
      break;
    }
  }
  return into;
}

/**
 * The names that change with the loop: what the `for` binds, and what its body builds a string
 * from them with (`target = f"y_tplus_{horizon}"` in `for horizon in ...`), to a fixed point.
 */
function loopVaryingNames(loop: SyntaxNode, cell: LintCell): Set<string> {
  const varying = forTargets(loop, cell);
  const assignments: { targets: Set<string>; value: Set<string> }[] = [];
  const collect = (node: SyntaxNode) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (NEW_SCOPE.test(c.name)) continue;
      if (c.name === 'AssignStatement') {
        // `a = b = value`: every part before the last `=` is a target
        const parts: SyntaxNode[] = [];
        for (let p = c.firstChild; p; p = p.nextSibling) {
          if (p.name !== 'AssignOp') parts.push(p);
        }
        const value = parts.pop();
        if (value) {
          const targets = new Set<string>();
          for (const t of parts) variableNamesIn(t, cell, targets);
          assignments.push({ targets, value: stringBuiltNames(value, cell) });
        }
      }
      collect(c);
    }
  };
  for (let c = loop.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Body') collect(c);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const { targets, value } of assignments) {
      if (intersects(value, varying) && !intersects(targets, varying)) {
        targets.forEach(t => varying.add(t));
        grew = true;
      }
    }
  }
  return varying;
}

/**
 * The loop around the call that gives the metric a history: not one whose variable names the key,
 * directly or through a name the body derives from it (`for metric, v in scores.items():
 * log_metric(metric, v)`, `log_metric(f"train_{target}_mean", v)`: each key is logged once), and
 * none outside a `with mlflow.start_run()` inside the loop (each iteration's run gets the value
 * once). Null when there is none.
 */
function historyLoop(
  call: SyntaxNode,
  key: SyntaxNode | undefined,
  cell: LintCell,
  startsRun: (withStatement: SyntaxNode) => boolean,
  exits: Map<number, Map<number, Exit>>
): SyntaxNode | null {
  const keyNames = key ? variableNamesIn(key, cell) : new Set<string>();
  const exit = exitRightAfter(call, exits);
  if (exit === 'return') {
    return null;
  }
  // a `break` right after the call ends the innermost loop: only a loop around that one repeats it
  let broken = exit === 'break';
  let child: SyntaxNode = call;
  for (let cur = call.parent; cur; child = cur, cur = cur.parent) {
    if (NEW_SCOPE.test(cur.name)) {
      return null;
    }
    // a loop's `else:` clause runs once, after the loop ends without `break` (Python reference,
    // "The for statement" / "The while statement"): no iteration of that loop repeats it
    if (
      (cur.name === 'ForStatement' || cur.name === 'WhileStatement') &&
      child.prevSibling?.name === 'else'
    ) {
      continue;
    }
    if (
      broken &&
      (cur.name === 'ForStatement' || cur.name === 'WhileStatement')
    ) {
      broken = false;
      continue;
    }
    if (cur.name === 'WithStatement' && startsRun(cur)) {
      return null;
    }
    if (cur.name === 'WhileStatement') {
      return cur;
    }
    if (
      cur.name === 'ForStatement' &&
      (keyNames.size === 0 ||
        !intersects(keyNames, loopVaryingNames(cur, cell)))
    ) {
      return cur;
    }
  }
  return null;
}

type Exit = 'return' | 'break' | null;

/**
 * What ends the loop right after the call: its statement is followed in its own block by a
 * `return` or a `break`, with no `continue` anywhere in between. Once the call runs, a `return`
 * leaves every loop of the function and a `break` the innermost one, so the call runs at most
 * once per run of that loop (`log_metric("iterations", it + 1)` then `break` in the early-exit
 * branch). Each block is read once, last statement first (`exits`: the answer for every
 * statement of the block, by its start): read again per call, 4,000 calls in one loop took 30 s.
 */
function exitRightAfter(
  call: SyntaxNode,
  exits: Map<number, Map<number, Exit>>
): Exit {
  let stmt: SyntaxNode = call;
  while (stmt.parent && stmt.parent.name !== 'Body') {
    stmt = stmt.parent;
  }
  const block = stmt.parent;
  if (!block) return null;
  let answers = exits.get(block.from);
  if (!answers) {
    answers = new Map();
    exits.set(block.from, answers);
    let after: Exit = null;
    for (let s = block.lastChild; s; s = s.prevSibling) {
      answers.set(s.from, after);
      if (s.name === 'ReturnStatement') after = 'return';
      else if (s.name === 'BreakStatement') after = 'break';
      else if (containsContinue(s)) after = null;
    }
  }
  return answers.get(stmt.from) ?? null;
}

function containsContinue(node: SyntaxNode): boolean {
  const cursor = node.cursor();
  for (let more = true; more;) {
    if (cursor.name === 'ContinueStatement') return true;
    more = cursor.next() && cursor.from < node.to;
  }
  return false;
}

/** a comprehension (list, set, dict, generator) between the call and the loop around it */
function inComprehension(call: SyntaxNode, loop: SyntaxNode): boolean {
  for (let p = call.parent; p && p.from !== loop.from; p = p.parent) {
    if (p.name.includes('Comprehension')) return true;
  }
  return false;
}

/** In a loop, log_metric without step= records values MLflow cannot put in order. */
export default defineRule<Record<string, never>, 'noStep'>({
  meta: {
    code: 'NB510',
    id: 'mlflow-metric-without-step',
    category: 'mlflow',
    description:
      'mlflow.log_metric() inside a loop has no step=, so the metric history has no x-axis.',
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Pass step={{counter}}'],
    messages: {
      noStep:
        'mlflow.log_metric() in a loop without step=: the history cannot be charted per epoch/iteration; pass step=<loop counter>.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    // per cell, per block (by its start): what ends the loop after each statement
    const exitsByCell = new Map<LintCell, Map<number, Map<number, Exit>>>();
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (callee !== 'mlflow.log_metric' || !isInLoop(node)) {
            return;
          }
          const args = callArgs(node, cell);
          if (
            args.hasSplat ||
            args.keywords.has('step') ||
            args.positional.length >= 3
          ) {
            return;
          }
          const key = args.positional[0] ?? args.keywords.get('key');
          const startsRun = (w: SyntaxNode) => {
            for (
              let c = w.firstChild;
              c && c.name !== 'Body';
              c = c.nextSibling
            ) {
              if (
                c.name === 'CallExpression' &&
                qualify(calleeName(c, cell), aliases()) === 'mlflow.start_run'
              ) {
                return true;
              }
            }
            return false;
          };
          let exits = exitsByCell.get(cell);
          if (!exits) {
            exits = new Map();
            exitsByCell.set(cell, exits);
          }
          const loop = historyLoop(node, key, cell, startsRun, exits);
          if (!loop) {
            return;
          }
          // the step is certain only for a plain `for i in range/enumerate(...)` loop, and only
          // for the loop that gives the key its history (not an inner one that varies the key)
          // nor inside a comprehension in that loop: it logs several values per iteration, which
          // one step= would give the same step
          const counter =
            loop.name === 'ForStatement' && !inComprehension(node, loop)
              ? loopCounter(loop, cell)
              : null;
          const edit = counter
            ? appendKeywordArgument(node, cell, `step=${counter}`)
            : null;
          context.report({
            messageId: 'noStep',
            cell: cell.cell,
            node: node.firstChild ?? node,
            fix: edit
              ? { description: `Pass step=${counter}`, edits: [edit] }
              : undefined
          });
        }
      }
    };
  }
});
