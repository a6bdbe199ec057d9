/**
 * Step 2 of planPromotion: where the IPython commands of the selection go. They stay in the
 * notebook, in the replacement cell: those before the first Python statement before the call,
 * those after the last statement after it. A set-up magic (`%matplotlib`, `%pip`) between
 * statements moves before the call with a warning; any other is refused, as is a `%%time`
 * wrapping one cell of several, or any command in a script notebook (their commands live in
 * cells of their own).
 */
import type { CellBody, KeptMagic, StatementMark } from './cellBody';
import { refusal, type PlanContext } from './planContext';
import { refusalTexts, messageTexts } from './texts';
import type {
  PromotionRefusal,
  PromotionRefusalReason,
  PromotionWarning
} from './types';

export interface MagicPlacement {
  /** every magic kept in the notebook, in cell and line order */
  all: KeptMagic[];
  /** the magics that go before the call, and after it */
  leading: KeptMagic[];
  trailing: KeptMagic[];
  /** `%%time` / `%%capture` first lines of the selected cells */
  cellWrappers: CellBody['wrappers'];
  warnings: PromotionWarning[];
}

export function placeMagics(
  ctx: Pick<PlanContext, 'nb' | 'bodies' | 'codeCells'>
): MagicPlacement | PromotionRefusal {
  const { nb, bodies, codeCells } = ctx;
  const reasons: PromotionRefusalReason[] = [];
  const warnings: PromotionWarning[] = [];
  const all = bodies.flatMap(b => b.magics);
  const firstStmt = bodies.find(b => b.firstStatement)?.firstStatement;
  const lastStmt = [...bodies]
    .reverse()
    .find(b => b.lastStatement)?.lastStatement;
  const leading: KeptMagic[] = [];
  const trailing: KeptMagic[] = [];
  for (const m of all) {
    if (isBefore(m, firstStmt)) leading.push(m);
    else if (isAfter(m, lastStmt)) trailing.push(m);
    else if (m.hoistable) {
      leading.push(m);
      warnings.push({
        code: 'magic-moved',
        ...messageTexts({
          id: 'warnMagicMoved',
          data: { command: m.text.trim(), cell: String(m.cell + 1) }
        }),
        cell: m.cell,
        line: m.line
      });
    } else {
      reasons.push({
        code: 'magic-placement',
        ...refusalTexts(
          {
            id: 'magicBetween',
            data: {
              command: m.text.trim().split('\n')[0],
              cell: String(m.cell + 1)
            }
          },
          { id: 'magicBetweenHint' }
        ),
        cell: m.cell,
        line: m.line
      });
    }
  }
  const cellWrappers = bodies.flatMap(b =>
    b.wrappers.filter(w => w.kind === 'cell')
  );
  if (
    cellWrappers.length &&
    (codeCells.length > 1 || cellWrappers.length > 1)
  ) {
    const w = cellWrappers[0];
    reasons.push({
      code: 'magic-placement',
      ...refusalTexts(
        { id: 'wrapperInGroup', data: { command: w.text.trim() } },
        { id: 'wrapperInGroupHint' }
      ),
      cell: bodies.find(b => b.wrappers.includes(w))?.cell,
      line: 0
    });
  }
  // Script notebooks hold IPython commands only in cells of their own (`# MAGIC %pip ...`).
  if (
    nb.format !== 'ipynb' &&
    (leading.length ||
      trailing.length ||
      cellWrappers.length ||
      bodies.some(b => b.wrappers.length))
  ) {
    const m = leading.length
      ? leading[0]
      : trailing.length
        ? trailing[0]
        : undefined;
    reasons.push({
      code: 'magic-placement',
      ...refusalTexts(
        {
          id:
            nb.format === 'databricks'
              ? 'magicInDatabricksCall'
              : 'magicInScriptCall'
        },
        { id: 'magicInScriptCallHint' }
      ),
      cell: m ? m.cell : codeCells[0],
      line: m ? m.line : 0
    });
  }
  if (reasons.length) return refusal(reasons);
  return { all, leading, trailing, cellWrappers, warnings };
}

/** The magic sits before statement `s` (or there is no statement at all). */
function isBefore(m: KeptMagic, s: StatementMark | undefined): boolean {
  return !s || m.cell < s.cell || (m.cell === s.cell && m.line < s.line);
}

function isAfter(m: KeptMagic, s: StatementMark | undefined): boolean {
  return !!s && (m.cell > s.cell || (m.cell === s.cell && m.line > s.line));
}
