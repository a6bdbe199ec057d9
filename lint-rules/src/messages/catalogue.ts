/**
 * The lint text the lab shows, in one place for translators: every rule's message templates and
 * one-line description, the English words a message's data may hold, and the category names.
 * The CLI stays English; the lab passes these strings through `trans.__` in the `nbcraft` domain
 * (they are built at run time, so no extractor finds them in the extension's source: `toPot`
 * writes them as a gettext template instead).
 */
import { RULE_CATEGORIES } from '../engine/types';
import type { Rule, RuleCategory } from '../engine/types';
import { allRules } from '../rules';

/** The gettext domain of the lab extension (`translator.load('nbcraft')`). */
export const MESSAGE_DOMAIN = 'nbcraft';

/** gettext contexts of the short words, which would be ambiguous without one. */
export const CATEGORY_CONTEXT = 'lint category';
export const TERM_CONTEXT = 'lint term';

/** What a rule says, as a translator needs it. */
export interface RuleMessages {
  code: string;
  id: string;
  description: string;
  /** messageId -> template with {{placeholders}} */
  messages: Readonly<Record<string, string>>;
  /** data key -> the English words that key may hold (RuleMeta.dataTerms) */
  dataTerms: Readonly<Record<string, readonly string[]>>;
}

export interface MessageCatalogue {
  domain: string;
  rules: readonly RuleMessages[];
  categories: readonly RuleCategory[];
}

function messagesOf(rule: Rule): RuleMessages {
  const { code, id, description, messages, dataTerms } = rule.meta;
  return { code, id, description, messages, dataTerms: dataTerms ?? {} };
}

/** The catalogue of the given rules (default: every registered rule, in code order). */
export function messageCatalogue(
  rules: readonly Rule[] = allRules
): MessageCatalogue {
  return {
    domain: MESSAGE_DOMAIN,
    rules: rules.map(messagesOf),
    categories: RULE_CATEGORIES
  };
}

let byId: Map<string, RuleMessages> | undefined;

/** A registered rule's messages by its id (`unused-import`), as findings name it. */
export function ruleMessages(ruleId: string): RuleMessages | undefined {
  byId ??= new Map(allRules.map(r => [r.meta.id, messagesOf(r)]));
  return byId.get(ruleId);
}

/** The {{placeholders}} of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names = Array.from(
    template.matchAll(/\{\{\s*(\w+)\s*\}\}/g),
    m => m[1]
  );
  return Array.from(new Set(names));
}
