/**
 * Step 6 of planPromotion: what the selection displayed. The last cell's displayed expression
 * (or its final `display(...)` argument) stays displayed by the replacement cell: returned by
 * the function unless it is a plain name the call already hands back. Displays of earlier cells
 * are dropped with a warning; a `display(...)` anywhere else is refused, since the module has
 * no display.
 */
import { isIdentifier } from './naming';
import { refusal, type PlanContext } from './planContext';
import { refusalTexts, messageTexts } from './texts';
import type { PromotionRefusal, PromotionWarning } from './types';

/** The expression the replacement cell keeps displaying. */
export interface DisplayedExpression {
  lines: { text: string; indentable: boolean }[];
  /** it was the argument of a final `display(...)` call */
  viaDisplayCall: boolean;
  /** a parameter or returned name: the call already hands it back */
  simpleName?: string;
}

export interface Display {
  /** null when the selection's last cell displays nothing */
  expression: DisplayedExpression | null;
  warnings: PromotionWarning[];
}

export function planDisplay(
  ctx: Pick<PlanContext, 'bodies' | 'scopeOf' | 'definedBefore'>,
  signature: {
    params: string[];
    returns: string[];
    selectionBinds: ReadonlySet<string>;
  }
): Display | PromotionRefusal {
  const { bodies, scopeOf } = ctx;
  const { params, returns, selectionBinds } = signature;
  const warnings: PromotionWarning[] = [];
  const lastBody = bodies[bodies.length - 1];
  for (const b of bodies.slice(0, -1)) {
    if (b.displayed) {
      warnings.push({
        code: 'display-dropped',
        ...messageTexts({
          id: 'warnDisplayDropped',
          data: {
            cell: String(b.cell + 1),
            expression: b.displayed.text.split('\n')[0]
          }
        }),
        cell: b.cell,
        line: b.displayed.line
      });
    }
  }
  const displayCall =
    lastBody.displayCallArg !== undefined &&
    lastBody.displayedLines !== undefined;
  // a display(...) anywhere else would run in the module, where there is no display
  for (const b of bodies) {
    const s = scopeOf(b.cell);
    const displayReads = s.refs.filter(
      r => r.name === 'display' && r.access === 'read'
    );
    const allowed = b === lastBody && displayCall ? 1 : 0;
    if (
      displayReads.length > allowed &&
      ctx.definedBefore('display') === null &&
      !selectionBinds.has('display')
    ) {
      return refusal([
        {
          code: 'display-placement',
          ...refusalTexts(
            { id: 'displayInside', data: { cell: String(b.cell + 1) } },
            { id: 'displayInsideHint' }
          ),
          cell: b.cell,
          line: displayReads[0].line
        }
      ]);
    }
  }
  if (!lastBody.displayedLines || !lastBody.displayed)
    return { expression: null, warnings };

  let expression: DisplayedExpression;
  if (displayCall && lastBody.displayCallArg !== undefined) {
    // display()'s parentheses held a multi-line argument together; outside them it needs its own
    const arg = lastBody.displayCallArg.includes('\n')
      ? `(${lastBody.displayCallArg})`
      : lastBody.displayCallArg;
    expression = {
      lines: arg.split('\n').map((t, k) => ({ text: t, indentable: k === 0 })),
      viaDisplayCall: true
    };
  } else {
    expression = { lines: lastBody.displayedLines, viaDisplayCall: false };
  }
  const single = expression.lines
    .map(l => l.text)
    .join('\n')
    .trim();
  // a builtin or module-imported name is returned like any other expression
  if (
    isIdentifier(single) &&
    (returns.includes(single) || params.includes(single))
  )
    expression.simpleName = single;
  return { expression, warnings };
}
