/**
 * Lint text in the user's language. A finding's message is its rule's template translated in the
 * `nbcraft` domain (the templates are listed in nbcraft/locale/nbcraft.pot), with the
 * placeholders filled afterwards from the finding's data: code names, paths and numbers, never
 * translated - except the few English words a rule declares as data terms. A fix's label is
 * translated the same way, by the rule's fix label template it fills.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  formatMessage,
  matchFixLabel,
  placeholdersOf,
  ruleMessages,
  TERM_CONTEXT
} from '@nbcraft/lint-rules';
import type { Finding } from '@nbcraft/lint-rules';

/** The part of a TranslationBundle used here. */
export type LintTranslation = Pick<TranslationBundle, '__' | '_p'>;

/** The finding's message, translated; the CLI's English message when nothing translates it. */
export function translateFinding(
  finding: Finding,
  trans: LintTranslation
): string {
  const rule = ruleMessages(finding.ruleId);
  const template = rule?.messages[finding.messageId];
  // a finding this version's rules did not make, or one without its data: keep it as it came
  if (
    !rule ||
    template === undefined ||
    (!finding.data && placeholdersOf(template).length > 0)
  ) {
    return finding.message;
  }
  const data = { ...finding.data };
  for (const [key, words] of Object.entries(rule.dataTerms)) {
    const value = data[key];
    if (typeof value === 'string' && words.includes(value)) {
      data[key] = trans._p(TERM_CONTEXT, value);
    }
  }
  return formatMessage(trans.__(template), data);
}

/**
 * The label of the finding's fix, translated: the rule's fix label template the English label
 * fills, translated, then filled with the same values (code names, never translated). A label no
 * template of this version's rules matches stays as it came.
 */
export function translateFixLabel(
  finding: Finding,
  trans: LintTranslation
): string | undefined {
  const label = finding.fix?.description;
  if (label === undefined) {
    return undefined;
  }
  const match = matchFixLabel(finding.ruleId, label);
  return match ? formatMessage(trans.__(match.template), match.data) : label;
}

/** The label of the action that applies the finding's fix: unsafe fixes are suggestions. */
export function fixActionLabel(
  finding: Finding,
  trans: LintTranslation
): string | undefined {
  const label = translateFixLabel(finding, trans);
  if (label === undefined) {
    return undefined;
  }
  // unsafe fixes may change behaviour: offered as suggestions (the CLI needs --unsafe-fixes)
  return finding.fix?.applicability === 'unsafe'
    ? trans.__('Suggestion: %1', label)
    : trans.__('Fix: %1', label);
}
