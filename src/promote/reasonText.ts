/**
 * The dialog's one-line texts for the planner's refusal reasons and warnings (the types are the
 * library's: `@nbcraft/lint-rules` owns the promote contract).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  fillPromoteText,
  PROMOTE_TEXTS,
  type PromoteTextRef,
  type PromotionRefusalReason,
  type PromotionWarning
} from '@nbcraft/lint-rules';

import type { Translator } from '../core/translatable';

/** A human line for a refusal reason: where (1-based, as the notebook shows it), what, what to do. */
export function describeReason(
  reason: PromotionRefusalReason,
  trans: TranslationBundle
): string {
  return where(
    reason,
    trans,
    said(reason.texts?.message, reason.message, trans)
  );
}

/** What the user can do about a refusal, in the lab's language. */
export function describeHint(
  reason: PromotionRefusalReason,
  trans: TranslationBundle
): string {
  return said(reason.texts?.hint, reason.hint, trans);
}

/**
 * The library's text translated: its template through the translator, then filled with the
 * values it was made with (names, paths, numbers stay as written). Text made without a
 * template (a caller's own, or an older library's) is shown as it came.
 */
function said(
  ref: PromoteTextRef | undefined,
  english: string,
  trans: Translator
): string {
  const template = ref && PROMOTE_TEXTS[ref.id];
  return template ? fillPromoteText(ref, trans.__(template)) : english;
}

/** One of the library's promote texts (`PROMOTE_TEXTS`) in the lab's language. */
export function promoteText(ref: PromoteTextRef, trans: Translator): string {
  return said(ref, fillPromoteText(ref), trans);
}

/** A human line for a warning, located like a refusal reason. */
export function describeWarning(
  warning: PromotionWarning,
  trans: TranslationBundle
): string {
  return where(
    warning,
    trans,
    said(warning.texts?.message, warning.message, trans)
  );
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
