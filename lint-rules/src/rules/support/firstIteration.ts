/**
 * What a loop's first iteration knows, for the loop-carried reads (loopCarried.ts): the value of
 * the `for` target on that iteration (`range(...)`'s start, `enumerate(...)`'s index) and of a
 * flag the statement just before the loop sets to a literal (`first = True`, `prev = None`), and
 * whether an `if` test is true or false with those values. A test it cannot decide is neither:
 * the read under it may run on the first iteration (`if verbose:`, `if val > 0.5:` on a value the
 * iteration computed).
 */
import type { SyntaxNode } from '@lezer/common';

/** an int or float (True and False as 1 and 0, as Python compares them), None as null */
export type Known = number | null;
/** undefined: not known */
export type Value = Known | undefined;

type TextOf = (n: SyntaxNode) => string;

/** a literal's value: `3`, `-1`, `1_000`, `0.5`, `True`, `None`; undefined for anything else */
export function literalValue(node: SyntaxNode, textOf: TextOf): Value {
  switch (node.name) {
    case 'Number': {
      const text = textOf(node).replace(/_/g, '');
      // decimal literals only: `0x10`, `1e3`, `2j` are left unknown
      return /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) : undefined;
    }
    case 'Boolean':
      return textOf(node) === 'True' ? 1 : 0;
    case 'None':
      return null;
    case 'UnaryExpression': {
      const op = node.firstChild;
      const operand = op?.nextSibling;
      if (!op || !operand || textOf(op) !== '-') return undefined;
      const v = literalValue(operand, textOf);
      return typeof v === 'number' ? -v : undefined;
    }
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return inner ? literalValue(inner, textOf) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The first value a `for` loop gives a target, from its iterable: `range(n)` starts at 0,
 * `range(a, ...)` at the literal `a`; `enumerate(x)` gives the first target 0, `enumerate(x, k)`
 * or `start=k` gives it `k`. Undefined for any other iterable or target.
 */
export function firstTargetValue(
  iterable: SyntaxNode,
  targetIndex: number,
  targetCount: number,
  textOf: TextOf
): Value {
  if (iterable.name !== 'CallExpression') return undefined;
  const callee = iterable.firstChild;
  const args = callee?.nextSibling;
  if (callee?.name !== 'VariableName' || args?.name !== 'ArgList') {
    return undefined;
  }
  const positional: SyntaxNode[] = [];
  let start: SyntaxNode | undefined;
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',') continue;
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
      if (textOf(c) === 'start') start = c.nextSibling.nextSibling ?? undefined;
      else return undefined;
      c = c.nextSibling.nextSibling ?? c.nextSibling;
      continue;
    }
    positional.push(c);
  }
  const name = textOf(callee);
  if (name === 'range' && targetCount === 1 && !start) {
    if (positional.length === 1) return 0;
    return positional.length >= 2
      ? literalValue(positional[0], textOf)
      : undefined;
  }
  if (name === 'enumerate' && targetCount === 2 && targetIndex === 0) {
    const from = start ?? positional.at(1);
    if (positional.length > (start ? 1 : 2)) return undefined;
    return from ? literalValue(from, textOf) : 0;
  }
  return undefined;
}

const truthy = (v: Known): boolean => v !== null && v !== 0;

function compare(op: string, a: Known, b: Known): boolean | undefined {
  if (op === '==' || op === 'is') return a === b;
  if (op === '!=' || op === 'is not') return a !== b;
  if (a === null || b === null) return undefined;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

function arithmetic(op: string, a: Known, b: Known): Value {
  if (a === null || b === null) return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '%':
      // Python's modulo takes the sign of the divisor
      return b === 0 ? undefined : ((a % b) + b) % b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    default:
      return undefined;
  }
}

/** the operator of a BinaryExpression (`is not` as one) and its operands */
function binary(
  node: SyntaxNode,
  textOf: TextOf
): { op: string; opNode: string; left: SyntaxNode; right: SyntaxNode } | null {
  const left = node.firstChild;
  let opNode = left?.nextSibling;
  if (!left || !opNode) return null;
  let op = textOf(opNode);
  const name = opNode.name;
  if (name === 'is' && opNode.nextSibling?.name === 'not') {
    op = 'is not';
    opNode = opNode.nextSibling;
  } else if (name === 'not' && opNode.nextSibling?.name === 'in') {
    return null;
  }
  const right = opNode.nextSibling;
  return right ? { op, opNode: name, left, right } : null;
}

/** both operands' values, or null when either is not known */
function operands(
  b: { left: SyntaxNode; right: SyntaxNode },
  value: (name: string) => Value,
  textOf: TextOf
): [Known, Known] | null {
  const l = evaluate(b.left, value, textOf);
  const r = evaluate(b.right, value, textOf);
  return l === undefined || r === undefined ? null : [l, r];
}

/** An expression's value with the names `value` knows; undefined when it is not known. */
export function evaluate(
  node: SyntaxNode,
  value: (name: string) => Value,
  textOf: TextOf
): Value {
  if (node.name === 'VariableName') return value(textOf(node));
  if (node.name === 'ParenthesizedExpression') {
    const inner = node.firstChild?.nextSibling;
    return inner ? evaluate(inner, value, textOf) : undefined;
  }
  const sign = node.firstChild;
  if (node.name === 'UnaryExpression' && sign?.name === 'ArithOp') {
    const operand = sign.nextSibling;
    const v = operand ? evaluate(operand, value, textOf) : undefined;
    const op = textOf(sign);
    return typeof v !== 'number'
      ? undefined
      : op === '-'
        ? -v
        : op === '+'
          ? v
          : undefined;
  }
  if (node.name === 'BinaryExpression') {
    const b = binary(node, textOf);
    if (!b) return undefined;
    if (b.opNode === 'ArithOp') {
      const both = operands(b, value, textOf);
      return both ? arithmetic(b.op, ...both) : undefined;
    }
    const t = truth(node, value, textOf);
    return t === undefined ? undefined : t ? 1 : 0;
  }
  return literalValue(node, textOf);
}

/** whether a comparison's left side is itself a comparison (`0 < i < 5`, a chain) */
function isComparison(node: SyntaxNode, textOf: TextOf): boolean {
  if (node.name !== 'BinaryExpression') return false;
  const b = binary(node, textOf);
  return !!b && (b.opNode === 'CompareOp' || b.opNode === 'is');
}

/**
 * Whether a test is true (or false) with the names `value` knows; undefined when that depends on
 * something else. `and`/`or` are decided by one side when that side settles them.
 */
export function truth(
  node: SyntaxNode,
  value: (name: string) => Value,
  textOf: TextOf
): boolean | undefined {
  if (node.name === 'ParenthesizedExpression') {
    const inner = node.firstChild?.nextSibling;
    return inner ? truth(inner, value, textOf) : undefined;
  }
  if (node.name === 'UnaryExpression' && node.firstChild?.name === 'not') {
    const operand = node.firstChild.nextSibling;
    // the parser reads `not a or b` as `not (a or b)`: Python's `not` binds tighter, so an
    // unparenthesized `and`/`or` under it is left undecided
    if (
      !operand ||
      (operand.name === 'BinaryExpression' &&
        /^(and|or)$/.test(binary(operand, textOf)?.opNode ?? ''))
    ) {
      return undefined;
    }
    const t = truth(operand, value, textOf);
    return t === undefined ? undefined : !t;
  }
  if (node.name === 'BinaryExpression') {
    const b = binary(node, textOf);
    if (!b) return undefined;
    if (b.opNode === 'and' || b.opNode === 'or') {
      const l = truth(b.left, value, textOf);
      const r = truth(b.right, value, textOf);
      const settles = b.opNode === 'or';
      if (l === settles || r === settles) return settles;
      return l === undefined || r === undefined ? undefined : !settles;
    }
    if (b.opNode === 'CompareOp' || b.opNode === 'is') {
      if (isComparison(b.left, textOf)) return undefined;
      const both = operands(b, value, textOf);
      return both ? compare(b.op, ...both) : undefined;
    }
  }
  const v = evaluate(node, value, textOf);
  return v === undefined ? undefined : truthy(v);
}
