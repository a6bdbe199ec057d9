/**
 * The dialog's one-line texts for the planner's refusal reasons and warnings (the types are the
 * library's: `@nbcraft/lint-rules` owns the promote contract).
 */
import type {
  PromotionRefusalReason,
  PromotionWarning
} from '@nbcraft/lint-rules';

/** A human line for a refusal reason: where (1-based, as the notebook shows it), what, what to do. */
export function describeReason(reason: PromotionRefusalReason): string {
  return `${where(reason)}${reason.message}`;
}

/** A human line for a warning, located like a refusal reason. */
export function describeWarning(warning: PromotionWarning): string {
  return `${where(warning)}${warning.message}`;
}

function where(at: { cell?: number; line?: number }): string {
  return at.cell === undefined
    ? ''
    : at.line === undefined
      ? `cell ${at.cell + 1}: `
      : `cell ${at.cell + 1}, line ${at.line + 1}: `;
}
