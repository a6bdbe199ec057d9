/**
 * The dialog's one-line texts for the planner's refusal reasons and warnings (the types are the
 * library's: `@nbcraft/lint-rules` owns the promote contract).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type {
  PromotionRefusalReason,
  PromotionWarning
} from '@nbcraft/lint-rules';

/** A human line for a refusal reason: where (1-based, as the notebook shows it), what, what to do. */
export function describeReason(
  reason: PromotionRefusalReason,
  trans: TranslationBundle
): string {
  return where(reason, trans, reason.message);
}

/** A human line for a warning, located like a refusal reason. */
export function describeWarning(
  warning: PromotionWarning,
  trans: TranslationBundle
): string {
  return where(warning, trans, warning.message);
}

/** `message` prefixed with its place, in the lab's language (the place words are ours). */
function where(
  at: { cell?: number; line?: number },
  trans: TranslationBundle,
  message: string
): string {
  return at.cell === undefined
    ? message
    : at.line === undefined
      ? trans.__('cell %1: %2', at.cell + 1, message)
      : trans.__('cell %1, line %2: %3', at.cell + 1, at.line + 1, message);
}
