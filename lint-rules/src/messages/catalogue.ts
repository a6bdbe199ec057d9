/**
 * The lint text the lab shows, in one place for translators: every rule's message templates and
 * one-line description, the English words a message's data may hold, the category names, and
 * the promote planner's refusal texts.
 * The CLI stays English; the lab passes these strings through `trans.__` in the `nbcraft` domain
 * (they are built at run time, so no extractor finds them in the extension's source: `toPot`
 * writes them as a gettext template instead).
 */
import { RULE_CATEGORIES } from '../engine/types';
import type { Rule, RuleCategory } from '../engine/types';
import { allRules } from '../rules';
import { PROMOTE_TEXTS } from '../promote/texts';
import type { PromoteTextId } from '../promote/texts';
import { escapeRegExp } from '../engine/text';

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
  /** the templates of the fixes' labels (RuleMeta.fixLabels) */
  fixLabels: readonly string[];
}

export interface MessageCatalogue {
  domain: string;
  rules: readonly RuleMessages[];
  categories: readonly RuleCategory[];
  /** the promote planner's refusal texts (promote/texts.ts), by id */
  promote: Readonly<Record<PromoteTextId, string>>;
}

function messagesOf(rule: Rule): RuleMessages {
  const { code, id, description, messages, dataTerms, fixLabels } = rule.meta;
  return {
    code,
    id,
    description,
    messages,
    dataTerms: dataTerms ?? {},
    fixLabels: fixLabels ?? []
  };
}

/** The catalogue of the given rules (default: every registered rule, in code order). */
export function messageCatalogue(
  rules: readonly Rule[] = allRules
): MessageCatalogue {
  return {
    domain: MESSAGE_DOMAIN,
    rules: rules.map(messagesOf),
    categories: RULE_CATEGORIES,
    promote: PROMOTE_TEXTS
  };
}

let byId: Map<string, RuleMessages> | undefined;

/** A registered rule's messages by its id (`unused-import`), as findings name it. */
export function ruleMessages(ruleId: string): RuleMessages | undefined {
  byId ??= new Map(allRules.map(r => [r.meta.id, messagesOf(r)]));
  return byId.get(ruleId);
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The {{placeholders}} of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names = Array.from(template.matchAll(PLACEHOLDER), m => m[1]);
  return Array.from(new Set(names));
}

/**
 * The values a filled template holds (`formatMessage` backwards): `Pass {{keyword}}=0` and
 * `Pass seed=0` give `{keyword: 'seed'}`; null when the text is not that template filled. A
 * placeholder used twice must hold the same value both times.
 */
export function matchTemplate(
  template: string,
  text: string
): Record<string, string> | null {
  const names: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(template.slice(last, m.index));
    const seen = names.indexOf(m[1]);
    if (seen >= 0) {
      pattern += `\\${seen + 1}`;
    } else {
      names.push(m[1]);
      pattern += '([^]+?)';
    }
    last = m.index + m[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const found = new RegExp(`^${pattern}$`).exec(text);
  return found
    ? Object.fromEntries(names.map((name, i) => [name, found[i + 1]]))
    : null;
}

/** The template of a rule's fix label that the label fills, and the values it fills it with. */
export interface FixLabelMatch {
  template: string;
  data: Record<string, string>;
}

/** Which of the rule's fix label templates `label` is (the first that matches), if any. */
export function matchFixLabel(
  ruleId: string,
  label: string
): FixLabelMatch | undefined {
  for (const template of ruleMessages(ruleId)?.fixLabels ?? []) {
    const data = matchTemplate(template, label);
    if (data) {
      return { template, data };
    }
  }
  return undefined;
}
