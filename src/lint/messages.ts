/**
 * Lint text in the user's language. A finding's message is its rule's template translated in the
 * `nbcraft` domain (the templates are listed in nbcraft/locale/nbcraft.pot), with the
 * placeholders filled afterwards from the finding's data: code names, paths and numbers, never
 * translated - except the few English words a rule declares as data terms.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  formatMessage,
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
