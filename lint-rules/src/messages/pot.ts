/**
 * The message catalogue as a gettext template (`.pot`), the way jupyterlab-translate writes an
 * extension's: a header naming the project, then one entry per distinct (context, msgid) with
 * its source references and a note for translators. Language packs translate it into
 * `<locale>/LC_MESSAGES/nbcraft.po`, which the lab loads for the `nbcraft` domain.
 */
import { CATEGORY_CONTEXT, placeholdersOf, TERM_CONTEXT } from './catalogue';
import type { MessageCatalogue } from './catalogue';

export interface PotEntry {
  msgctxt?: string;
  msgid: string;
  /** the plural form (`trans._n`), written as `msgid_plural` */
  msgidPlural?: string;
  /** `#.` lines: what the string is, which placeholders to keep */
  comments: string[];
  /** `#:` lines: where the string is declared */
  references: string[];
}

/** Where a rule's strings are declared, relative to the repository root. */
export function ruleSourcePath(ruleId: string): string {
  return `lint-rules/src/rules/${ruleId}.ts`;
}

const CATEGORIES_PATH = 'lint-rules/src/engine/types.ts';
const PROMOTE_TEXTS_PATH = 'lint-rules/src/promote/texts.ts';

function keepNote(text: string): string[] {
  const names = placeholdersOf(text);
  return names.length
    ? [
        `Keep ${names.map(n => `{{${n}}}`).join(', ')} as written: code names, paths or numbers go there.`
      ]
    : [];
}

/**
 * The catalogue's entries, then `lab`'s (the extension's own strings, which
 * lint-rules/scripts/lab-strings.js reads from `src/`), duplicates merged (first place
 * first), in catalogue order.
 */
export function potEntries(
  catalogue: MessageCatalogue,
  lab: readonly PotEntry[] = []
): PotEntry[] {
  const entries = new Map<string, PotEntry>();
  const add = (
    msgid: string,
    comment: string,
    reference: string,
    msgctxt?: string
  ) => {
    const key = `${msgctxt ?? ''}\u0004${msgid}`;
    const entry = entries.get(key);
    if (entry) {
      entry.comments.push(comment);
      if (!entry.references.includes(reference)) {
        entry.references.push(reference);
      }
      return;
    }
    entries.set(key, {
      ...(msgctxt !== undefined ? { msgctxt } : {}),
      msgid,
      comments: [comment],
      references: [reference]
    });
  };
  for (const rule of catalogue.rules) {
    const where = ruleSourcePath(rule.id);
    const name = `${rule.code} ${rule.id}`;
    add(rule.description, `${name}: the rule's description`, where);
    for (const [messageId, template] of Object.entries(rule.messages)) {
      add(template, `${name}: message "${messageId}"`, where);
    }
    for (const label of rule.fixLabels) {
      add(label, `${name}: the label of a fix`, where);
    }
    for (const [key, words] of Object.entries(rule.dataTerms)) {
      for (const word of words) {
        add(word, `${name}: a value of {{${key}}}`, where, TERM_CONTEXT);
      }
    }
  }
  for (const category of catalogue.categories) {
    add(
      category,
      'the category of a lint rule',
      CATEGORIES_PATH,
      CATEGORY_CONTEXT
    );
  }
  for (const [id, template] of Object.entries(catalogue.promote)) {
    add(
      template,
      id.startsWith('warn')
        ? `promote: a preview warning, promoted but worth a look ("${id}")`
        : `promote: why the cells cannot be promoted ("${id}")`,
      PROMOTE_TEXTS_PATH
    );
  }
  const library = Array.from(entries.values(), entry => ({
    ...entry,
    comments: [...entry.comments, ...keepNote(entry.msgid)]
  }));
  const merged = new Map(
    library.map(entry => [`${entry.msgctxt ?? ''}\u0004${entry.msgid}`, entry])
  );
  for (const entry of lab) {
    const key = `${entry.msgctxt ?? ''}\u0004${entry.msgid}`;
    const known = merged.get(key);
    if (!known) {
      merged.set(key, { ...entry, references: [...entry.references] });
    } else if (known.msgidPlural !== entry.msgidPlural) {
      throw new Error(
        `"${entry.msgid}" (${entry.references.join(', ')}) has another plural form in ${known.references[0]}`
      );
    } else {
      known.references.push(
        ...entry.references.filter(ref => !known.references.includes(ref))
      );
    }
  }
  return Array.from(merged.values());
}

/** A PO string literal: one line, with gettext's C escapes. */
function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/**
 * The `.pot` text: header, then the entries (the catalogue's, then `lab`'s: see
 * `potEntries`). No date, so it changes only when the text does.
 */
export function toPot(
  catalogue: MessageCatalogue,
  version: string,
  lab: readonly PotEntry[] = []
): string {
  const header = [
    "# Translations template for nbcraft: the lab extension's strings and the lint and promote messages.",
    '# Generated from src/ and @nbcraft/lint-rules by lint-rules/scripts/write-pot.js: do not edit.',
    'msgid ""',
    'msgstr ""',
    quote(`Project-Id-Version: ${catalogue.domain} ${version}\n`),
    quote('MIME-Version: 1.0\n'),
    quote('Content-Type: text/plain; charset=utf-8\n'),
    quote('Content-Transfer-Encoding: 8bit\n'),
    ''
  ];
  const body = potEntries(catalogue, lab).map(entry =>
    [
      ...entry.comments.map(c => `#. ${c}`),
      ...entry.references.map(r => `#: ${r}`),
      ...(entry.msgctxt !== undefined
        ? [`msgctxt ${quote(entry.msgctxt)}`]
        : []),
      `msgid ${quote(entry.msgid)}`,
      ...(entry.msgidPlural !== undefined
        ? [
            `msgid_plural ${quote(entry.msgidPlural)}`,
            'msgstr[0] ""',
            'msgstr[1] ""'
          ]
        : ['msgstr ""']),
      ''
    ].join('\n')
  );
  return [...header, ...body].join('\n');
}
