/**
 * Compound statements (if, for/while, try, with, match): their bodies as alternative paths of
 * the module-level flow state, merged after the statement.
 */
import type { SyntaxNode } from '@lezer/common';
import { firstIndexWhere } from '../notebook/lines';
import { MutationWalker } from './mutation';
import { ParseRepair } from './types';

/** a name an `except ... as` binds: its node, or the span of a repair that blanked it out */
interface Bound {
  from: number;
  to: number;
  blanked?: string;
}

export abstract class CompoundWalker extends MutationWalker {
  constructor(
    text: string,
    /**
     * the parse's repairs: the `as` names one blanked out (`with (a as f):`, Python 2's
     * `except E, e:`), and Python 2's `exec code` (rewritten away: the cell still uses exec)
     */
    private readonly asTargets: readonly ParseRepair[] = []
  ) {
    super(text);
    if (asTargets.some(t => t.kind === 'python2-exec'))
      this.usesExecEval = true;
    this.exceptTargets = asTargets
      .filter(t => t.kind === 'except-as')
      .sort((a, b) => a.from - b.from);
  }

  /** Python 2's `except E, e:` names, by position (a handler finds its own by binary search) */
  private readonly exceptTargets: readonly ParseRepair[];

  /** the first `except E, e:` name after `from` and before `to` */
  private exceptTargetBetween(
    from: number,
    to: number
  ): ParseRepair | undefined {
    const list = this.exceptTargets;
    const i = firstIndexWhere(list.length, k => list[k].from > from);
    return i < list.length && list[i].from < to ? list[i] : undefined;
  }

  protected abstract statements(body: SyntaxNode | null): void;
  protected abstract children(node: SyntaxNode): void;

  protected ifStatement(node: SyntaxNode): void {
    // if c1: b1 elif c2: b2 else: b3 -- c1 always runs; c2 only when c1 is false, and so on
    const conds: SyntaxNode[] = [];
    const bodies: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body') bodies.push(c);
      else if (c.name !== 'if' && c.name !== 'elif' && c.name !== 'else')
        conds.push(c);
    }
    const branchAt = (i: number): void => {
      const rest = i + 1 < bodies.length;
      const paths: (() => void)[] = [
        () => {
          this.statements(bodies[i]);
        }
      ];
      if (rest) {
        paths.push(() => {
          if (i + 1 < conds.length) {
            this.expr(conds[i + 1]);
            branchAt(i + 1);
          } else this.statements(bodies[i + 1]); // else
        });
      }
      // with no elif/else left, the condition may be false and nothing runs
      this.branches(paths, !rest);
    };
    if (conds.length) this.expr(conds[0]);
    if (bodies.length) branchAt(0);
  }

  /** A def or class body: the loops around its definition are not loops around its statements. */
  protected outsideLoops(walk: () => void): void {
    const depth = this.loopDepth;
    this.loopDepth = 0;
    walk();
    this.loopDepth = depth;
  }

  protected loop(node: SyntaxNode): void {
    const isFor = node.name === 'ForStatement';
    const targets: SyntaxNode[] = [];
    const bodies: SyntaxNode[] = [];
    let cond: SyntaxNode | null = null;
    let phase = isFor ? 0 : 1; // for: 0 targets, 1 iter; while: 1 condition
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body') bodies.push(c);
      else if (
        c.name === 'for' ||
        c.name === 'while' ||
        c.name === 'async' ||
        c.name === 'else' ||
        c.name === ','
      )
        continue;
      else if (c.name === 'in' && isFor && phase === 0) phase = 1;
      else if (phase === 0) targets.push(c);
      else if (!bodies.length) {
        if (isFor)
          this.expr(c); // the iterables run once, unconditionally
        else cond = c;
      }
    }
    if (cond) this.expr(cond); // the first test always runs
    this.branches(
      [
        () => {
          for (const t of targets) this.target(t);
          this.loopDepth++;
          this.statements(bodies[0] ?? null);
          this.loopDepth--;
          // the else clause is not inside the loop: a `break` there leaves an outer loop
          if (bodies[1]) this.statements(bodies[1]);
        }
      ],
      true
    );
  }

  protected tryStatement(node: SyntaxNode): void {
    let body: SyntaxNode | null = null;
    const handlers: {
      type: SyntaxNode[];
      as: Bound | null;
      body: SyntaxNode;
    }[] = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
    let pending: { type: SyntaxNode[]; as: Bound | null } = {
      type: [],
      as: null
    };
    let asNext = false;
    let exceptFrom = node.from;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      switch (c.name) {
        case 'try':
          mode = 'try';
          break;
        case 'except':
          mode = 'except';
          exceptFrom = c.from;
          pending = { type: [], as: null };
          asNext = false;
          break;
        case 'else':
          mode = 'else';
          break;
        case 'finally':
          mode = 'finally';
          break;
        case 'as':
          asNext = true;
          break;
        case 'Body':
          if (mode === 'try') body = c;
          else if (mode === 'except') {
            // Python 2's `except E, e:`, its `, e` blanked (python2.ts): the repair has `e`,
            // between this clause's `except` and its body (a nested try's is inside the body)
            const t = this.exceptTargetBetween(exceptFrom, c.from);
            if (!pending.as && t)
              pending.as = { from: t.from, to: t.to, blanked: t.name };
            handlers.push({ ...pending, body: c });
          } else if (mode === 'else') elseBody = c;
          else finallyBody = c;
          break;
        default:
          if (mode === 'except') {
            if (asNext && c.name === 'VariableName') pending.as = c;
            else if (c.name !== '*' && c.name !== ',') pending.type.push(c);
          }
      }
    }
    // at module level, the handlers are paths of the flow state from the try body's end
    const frame = !this.scope && handlers.length ? this.state.openTry() : null;
    // the try body may stop anywhere: its bindings are definite only if every handler binds them
    // too (those before the body's first branch point excepted: FlowState.openTry)
    this.conditional++;
    // `try: x  except NameError: ...` (or a bare `except:`) is how notebooks test whether a name exists
    const guards = handlers.some(
      h =>
        h.type.length === 0 ||
        h.type.some(t => /\bNameError\b/.test(this.text.slice(t.from, t.to)))
    );
    if (guards) this.nameErrorGuards.push(this.scope);
    this.statements(body);
    if (guards) this.nameErrorGuards.pop();
    if (elseBody) this.statements(elseBody);
    this.conditional--;
    const point = frame ? this.state.tryHandlers(frame) : null;
    for (const h of handlers) {
      point?.startHandler();
      this.conditional++;
      for (const t of h.type) this.expr(t);
      if (h.as) this.exceptAs(h.as, true);
      this.statements(h.body);
      // Python 2 keeps the name after its handler (Python 3 deletes it)
      if (h.as && h.as.blanked === undefined) this.exceptAs(h.as, false);
      this.conditional--;
      point?.endPath();
    }
    // after the try: the body ran to its end (and else), or one of the handlers ran
    point?.merge(true);
    this.statements(finallyBody);
  }

  protected withStatement(node: SyntaxNode): void {
    let asNext = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'as') asNext = true;
      else if (c.name === 'Body') {
        // `with (a as f, b as g):` was parsed without its `as NAME` parts: bind them here
        for (const t of this.asTargets) {
          if (
            t.kind === 'with-as' &&
            t.name !== undefined &&
            t.from > node.from &&
            t.from < c.from
          )
            this.bindName(t.name, t.from, t.to);
        }
        this.statements(c);
      } else if (c.name === 'with' || c.name === 'async' || c.name === ',')
        continue;
      else if (asNext) {
        this.target(c);
        asNext = false;
      } else this.expr(c);
    }
  }

  protected matchStatement(node: SyntaxNode): void {
    let clauses: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'MatchBody') clauses = c.getChildren('MatchClause');
      else if (c.name !== 'match' && c.name !== '*') this.expr(c);
    }
    const paths = clauses.map(clause => () => {
      const guard = clause.getChild('Guard');
      for (let c = clause.firstChild; c; c = c.nextSibling) {
        if (
          c.name === 'case' ||
          c.name === ',' ||
          c.name === 'Guard' ||
          c.name === 'Body'
        )
          continue;
        this.pattern(c);
      }
      if (guard) this.children(guard);
      this.statements(clause.getChild('Body'));
    });
    // a `case _:` / `case x:` without a guard makes the match exhaustive: no path skips every case
    const exhaustive = clauses.some(
      cl => !cl.getChild('Guard') && cl.getChildren('CapturePattern').length > 0
    );
    this.branches(paths, !exhaustive);
  }
}
