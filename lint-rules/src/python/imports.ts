/** Import statements: the names they bind and the `ImportBinding`s of the cell. */
import type { SyntaxNode } from '@lezer/common';
import { TargetWalker } from './targets';

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
      if (module === '__future__' && name === 'annotations')
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
