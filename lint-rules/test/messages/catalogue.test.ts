/** The message catalogue the lab translates, and its gettext template (nbcraft/locale/nbcraft.pot). */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { resolveConfig } from '../../src/config';
import {
  defineRule,
  lintFile,
  RULE_CATEGORIES,
  VERSION
} from '../../src/engine';
import {
  CATEGORY_CONTEXT,
  matchFixLabel,
  matchTemplate,
  messageCatalogue,
  placeholdersOf,
  potEntries,
  type PotEntry,
  ruleMessages,
  TERM_CONTEXT,
  toPot
} from '../../src/messages';
import { allRules } from '../../src/rules';
import { notebookFiles, SHIPPED_CORPUS } from '../corpusDirs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extensionEntries } = require('../../scripts/write-pot') as {
  extensionEntries: () => PotEntry[];
};

/** the lab extension's own strings and its settings schemas', as write-pot.js reads them */
const labEntries = () => extensionEntries();

const POT = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'nbcraft',
  'locale',
  'nbcraft.pot'
);

describe('message catalogue', () => {
  const catalogue = messageCatalogue();

  it('holds every rule with its description, templates and data terms, in code order', () => {
    expect(catalogue.domain).toBe('nbcraft');
    expect(catalogue.rules.map(r => r.code)).toEqual(
      allRules.map(r => r.meta.code)
    );
    for (const rule of allRules) {
      const entry = ruleMessages(rule.meta.id);
      expect(entry).toEqual({
        code: rule.meta.code,
        id: rule.meta.id,
        description: rule.meta.description,
        messages: rule.meta.messages,
        dataTerms: rule.meta.dataTerms ?? {},
        fixLabels: rule.meta.fixLabels ?? []
      });
    }
    expect(ruleMessages('no-such-rule')).toBeUndefined();
    expect(catalogue.categories).toEqual(RULE_CATEGORIES);
  });

  it('declares data terms only for placeholders a template of the rule has', () => {
    const withTerms = catalogue.rules.filter(
      r => Object.keys(r.dataTerms).length
    );
    expect(withTerms.map(r => r.id).sort()).toEqual([
      'empty-cell',
      'mlflow-hardcoded-tracking-uri',
      'mlflow-run-dirty-tree'
    ]);
    for (const rule of withTerms) {
      const used = new Set(
        Object.values(rule.messages).flatMap(placeholdersOf)
      );
      for (const [key, words] of Object.entries(rule.dataTerms)) {
        expect([rule.id, key, used.has(key)]).toEqual([rule.id, key, true]);
        expect(words.length).toBeGreaterThan(0);
      }
    }
  });

  it("has no text JupyterLab's gettext would rewrite (%% or %1 are its own placeholders)", () => {
    const texts = potEntries(catalogue).map(e => e.msgid);
    expect(texts.filter(t => /%%|%\d/.test(t))).toEqual([]);
  });

  it('finds the placeholders of a template once each, in order', () => {
    expect(placeholdersOf('{{a}} and {{ b }} then {{a}}')).toEqual(['a', 'b']);
    expect(placeholdersOf('no placeholder')).toEqual([]);
  });
});

describe('fix labels', () => {
  it('are declared by exactly the fixable rules', () => {
    for (const rule of allRules) {
      expect([rule.meta.id, (rule.meta.fixLabels ?? []).length > 0]).toEqual([
        rule.meta.id,
        rule.meta.fixable === true
      ]);
    }
  });

  it('give back the values a template was filled with, or null', () => {
    expect(matchTemplate('Pass {{keyword}}=0', 'Pass random_state=0')).toEqual({
      keyword: 'random_state'
    });
    expect(
      matchTemplate(
        'Pin {{name}} to the installed {{ version }}',
        'Pin scikit-learn to the installed 1.5.2'
      )
    ).toEqual({ name: 'scikit-learn', version: '1.5.2' });
    expect(matchTemplate('Use "{{op}}"', 'Use "is not"')).toEqual({
      op: 'is not'
    });
    // regex characters in the text are literal; the whole label must match
    expect(matchTemplate('Seed with {{call}}', 'Seed with (x.*)')).toEqual({
      call: '(x.*)'
    });
    expect(matchTemplate('Delete (the) cell', 'Delete the cell')).toBeNull();
    expect(matchTemplate('Pass {{keyword}}=0', 'Pass seed=0 now')).toBeNull();
    expect(matchTemplate('Pass {{keyword}}=0', 'Pass =0')).toBeNull();
    // a placeholder used twice holds one value
    expect(matchTemplate('{{a}} or {{a}}', 'x or x')).toEqual({ a: 'x' });
    expect(matchTemplate('{{a}} or {{a}}', 'x or y')).toBeNull();
  });

  it("are found by the rule's id: the first template the label fills", () => {
    expect(matchFixLabel('comparison-to-none', 'Use "is not"')).toEqual({
      template: 'Use "{{operator}}"',
      data: { operator: 'is not' }
    });
    expect(matchFixLabel('empty-cell', 'Delete the empty cell')).toEqual({
      template: 'Delete the empty cell',
      data: {}
    });
    expect(matchFixLabel('empty-cell', 'Use "is"')).toBeUndefined();
    expect(matchFixLabel('no-such-rule', 'Delete the empty cell')).toBe(
      undefined
    );
  });

  it('fill a template of their rule for every fix the shipped corpus gets', () => {
    const strict = resolveConfig({ extends: 'strict' });
    const labels: string[] = [];
    for (const file of notebookFiles(SHIPPED_CORPUS)) {
      const text = readFileSync(file, 'utf8');
      for (const f of lintFile(file, text, strict).result.findings) {
        if (f.fix) {
          labels.push(f.fix.description);
          expect([
            file,
            f.ruleId,
            f.fix.description,
            matchFixLabel(f.ruleId, f.fix.description)?.template
          ]).toEqual([file, f.ruleId, f.fix.description, expect.any(String)]);
        }
      }
    }
    // the corpus has fixes to check (empty cells, trailing whitespace, unused imports, ...)
    expect(labels.length).toBeGreaterThan(10);
  });
});

describe('gettext template', () => {
  it('is committed up to date: run `node lint-rules/scripts/write-pot.js` after changing a message or a string of src/', () => {
    const committed = readFileSync(POT, 'utf8');
    expect(committed).toBe(toPot(messageCatalogue(), VERSION, labEntries()));
  });

  it("holds every literal text of src/'s translator calls (trans.__, trans._n, tr.__, ...) and of the settings schemas", () => {
    const text = readFileSync(POT, 'utf8');
    const entries = new Set(
      Array.from(
        text.matchAll(/^(?:msgctxt "(.*)"\n)?msgid "(.*)"$/gm),
        m =>
          `${(m[1] as string | undefined) ?? ''}|${JSON.parse(`"${m[2]}"`) as string}`
      )
    );
    const lab = labEntries();
    // the lab's strings are found: promote's preview, the plural of the lint status, ...
    expect(lab.map(e => e.msgid)).toEqual(
      expect.arrayContaining([
        'Promote to module',
        'This preview was refused; there is nothing to write.',
        '%1 error'
      ])
    );
    expect(lab.find(e => e.msgid === '%1 error')?.msgidPlural).toBe(
      '%1 errors'
    );
    // and the settings schemas' titles and descriptions, in the context the server
    // translates them with (jupyterlab_server translation_utils; test_translations.py)
    expect(
      lab
        .filter(e => e.references[0] === 'schema/promote.json')
        .map(e => `${e.msgctxt}|${e.msgid}`)
    ).toEqual(
      expect.arrayContaining([
        'schema|nbcraft: Promote to Module',
        'schema|Tests folder'
      ])
    );
    const missing = lab
      .filter(e => !entries.has(`${e.msgctxt ?? ''}|${e.msgid}`))
      .map(e => `${e.references[0]}: ${JSON.stringify(e.msgid)}`);
    expect(missing).toEqual([]);
  });

  it('lists every template, description, data term and category exactly once', () => {
    const text = readFileSync(POT, 'utf8');
    const msgids = Array.from(
      text.matchAll(/^msgid "(.*)"$/gm),
      m => JSON.parse(`"${m[1]}"`) as string
    ).slice(1); // the header's empty msgid
    for (const rule of allRules) {
      expect(msgids).toContain(rule.meta.description);
      for (const template of Object.values<string>(rule.meta.messages)) {
        expect(msgids).toContain(template);
      }
      for (const label of rule.meta.fixLabels ?? []) {
        expect(msgids).toContain(label);
      }
    }
    expect(msgids).toContain('Markdown');
    expect(msgids).toContain('code-quality');
    expect(text).toContain(
      `msgctxt "${TERM_CONTEXT}"\nmsgid "git status lists them"`
    );
    expect(text).toContain(`msgctxt "${CATEGORY_CONTEXT}"\nmsgid "security"`);
    expect(
      new Set(
        potEntries(messageCatalogue()).map(e => `${e.msgctxt}|${e.msgid}`)
      ).size
    ).toBe(potEntries(messageCatalogue()).length);
  });

  it("is a valid gettext template by GNU gettext's msgfmt", () => {
    const r = spawnSync('msgfmt', ['--check', '-o', '/dev/null', POT], {
      encoding: 'utf8'
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
  });

  it('escapes quotes, backslashes and line breaks, and merges a text two rules share', () => {
    const make = (code: string, id: string) =>
      defineRule({
        meta: {
          code,
          id,
          category: 'security',
          description: `Rule ${id}.`,
          defaultSeverity: 'error',
          recommended: true,
          messages: { m: 'Say "{{name}}" \\ then\nstop.' }
        },
        create: () => ({})
      });
    const pot = toPot(
      messageCatalogue([make('NB901', 'one'), make('NB902', 'two')]),
      '9.9.9'
    );
    expect(pot).toContain('"Project-Id-Version: nbcraft 9.9.9\\n"');
    expect(pot).toContain(
      [
        '#. NB901 one: message "m"',
        '#. NB902 two: message "m"',
        '#. Keep {{name}} as written: code names, paths or numbers go there.',
        '#: lint-rules/src/rules/one.ts',
        '#: lint-rules/src/rules/two.ts',
        'msgid "Say \\"{{name}}\\" \\\\ then\\nstop."',
        'msgstr ""'
      ].join('\n')
    );
    // and msgfmt accepts it
    const dir = mkdtempSync(path.join(tmpdir(), 'nbcraft-pot-'));
    const file = path.join(dir, 'x.pot');
    writeFileSync(file, pot);
    const r = spawnSync('msgfmt', ['--check', '-o', '/dev/null', file], {
      encoding: 'utf8'
    });
    expect(r.status).toBe(0);
  });
});
