/** Import statements: the names they bind and the `ImportBinding`s of the cell. */
import type { SyntaxNode, Tree } from '@lezer/common';
import { TargetWalker } from './targets';

const FUTURE_IMPORT = /^from[ \t\\\n]+__future__[ \t\\\n]+import\b/;

/**
 * Whether the import statement `node` stands where a future statement takes effect. The Python
 * reference (7.11, Future statements): "A future statement must appear near the top of the
 * module. The only lines that can appear before a future statement are: the module docstring (if
 * any), comments, blank lines, and other future statements." Anywhere else (after `import os`,
 * inside `try:`) CPython raises "from __future__ imports must occur at the beginning of the
 * file", so the cell never ran and the import changed nothing.
 */
export function isFutureStatementInPlace(
  node: SyntaxNode,
  text: string
): boolean {
  const top = node.parent;
  if (top?.parent !== null) return false;
  const tree = top.tree;
  let end = tree ? futureRoomEnds.get(tree) : undefined;
  if (end === undefined) {
    end = futureRoomEnd(top, text);
    if (tree) futureRoomEnds.set(tree, end);
  }
  return node.from <= end;
}

/**
 * per parsed cell, where the room for future statements ends: a walk back over every earlier
 * statement from each future import was quadratic (2,800 future imports took 3 s in the analysis)
 */
const futureRoomEnds = new WeakMap<Tree, number>();

/**
 * The start of the first top-level statement a future statement may not follow (the text's
 * length when there is none): everything before it is comments, other future statements, and
 * the docstring if the first statement is one.
 */
function futureRoomEnd(top: SyntaxNode, text: string): number {
  let first = true;
  for (let n = top.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment') continue;
    const docstring =
      first &&
      n.name === 'ExpressionStatement' &&
      n.firstChild?.name === 'String' &&
      n.firstChild.nextSibling === null;
    first = false;
    if (
      docstring ||
      (n.name === 'ImportStatement' &&
        FUTURE_IMPORT.test(text.slice(n.from, n.to)))
    )
      continue;
    return n.from;
  }
  return text.length;
}

/** whether a cell's tree has `from __future__ import annotations` where it takes effect */
export function futureAnnotationsInForce(tree: Tree, text: string): boolean {
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const statement = text.slice(n.from, n.to);
    if (
      FUTURE_IMPORT.test(statement) &&
      /\bannotations\b/.test(statement) &&
      isFutureStatementInPlace(n, text)
    )
      return true;
  }
  return false;
}

export abstract class ImportWalker extends TargetWalker {
  protected importStatement(node: SyntaxNode): void {
    const statementText = this.text.slice(node.from, node.to);
    const line = this.lines.position(node.from).line;
    const conditional = this.conditional > 0;
    const first = node.firstChild;
    if (!first) return;
    const add = (
      bound: SyntaxNode,
      module: string,
      name?: string,
      asName?: string
    ) => {
      if (
        module === '__future__' &&
        name === 'annotations' &&
        isFutureStatementInPlace(node, this.text)
      )
        this.lazyAnnotations = true;
      this.bind(bound);
      if (!this.scope) {
        this.imports.push({
          bound: this.text.slice(bound.from, bound.to),
          module,
          name,
          asName,
          statementText,
          line,
          isFuture: module === '__future__',
          conditional
        });
      }
    };
    if (first.name === 'import') {
      // import a.b.c [as d], e
      let dotted: SyntaxNode[] = [];
      let asNext = false;
      const flush = (asNode: SyntaxNode | null) => {
        if (!dotted.length) return;
        const module = dotted.map(n => this.text.slice(n.from, n.to)).join('.');
        if (asNode)
          add(
            asNode,
            module,
            undefined,
            this.text.slice(asNode.from, asNode.to)
          );
        else add(dotted[0], module);
        dotted = [];
      };
      for (let c = first.nextSibling; c; c = c.nextSibling) {
        if (c.name === 'as') asNext = true;
        else if (c.name === 'VariableName') {
          if (asNext) {
            flush(c);
            asNext = false;
          } else dotted.push(c);
        } else if (c.name === ',') flush(null);
      }
      flush(null);
      return;
    }
    // from [.]module import names
    let c: SyntaxNode | null = first.nextSibling;
    let moduleText = '';
    for (; c && c.name !== 'import'; c = c.nextSibling)
      moduleText += this.text.slice(c.from, c.to);
    for (c = c ? c.nextSibling : null; c; c = c.nextSibling) {
      if (c.name === '*') {
        if (!this.scope) this.starImports.push(moduleText);
        continue;
      }
      if (c.name !== 'VariableName') continue;
      const next = c.nextSibling;
      if (next?.name === 'as' && next.nextSibling?.name === 'VariableName') {
        const asNode = next.nextSibling;
        add(
          asNode,
          moduleText,
          this.text.slice(c.from, c.to),
          this.text.slice(asNode.from, asNode.to)
        );
        c = asNode;
      } else add(c, moduleText, this.text.slice(c.from, c.to));
    }
  }
}
