/**
 * Lint messages in the lab's language. `translateFinding` translates the rule's template in the
 * `nbcraft` domain and fills the placeholders afterwards. The language pack here is JupyterLab's
 * own Gettext loaded with a pseudo-translation of every entry of the committed
 * nbcraft/locale/nbcraft.pot (what a language pack's nbcraft.json holds), so a template missing
 * from the .pot, or a lookup under the wrong context, shows up as an untranslated message.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import { Gettext, nullTranslator } from '@jupyterlab/translation';
import type { TranslationBundle } from '@jupyterlab/translation';
import { lintFile, resolveConfig, ruleMessages } from '@nbcraft/lint-rules';
import type { Finding } from '@nbcraft/lint-rules';

import { toDiagnostics } from '../../src/lint/cellDiagnostics';
import { filterFindings } from '../../src/lint/lintReport';
import {
  fixActionLabel,
  translateFinding,
  translateFixLabel
} from '../../src/lint/messages';
import { NotebookLintBanner } from '../../src/lint/notebookBanner';
import {
  corpusDirs,
  isShippedCorpus,
  notebookFiles
} from '../../lint-rules/test/corpusDirs';
import { REPO } from './helpers';

const POT = path.join(REPO, 'nbcraft', 'locale', 'nbcraft.pot');
const STRICT = resolveConfig({ extends: 'strict' });

interface PotEntry {
  msgctxt?: string;
  msgid: string;
}

/** The entries of a .pot as written by toPot (one-line strings, C escapes as JSON's). */
function readPot(text: string): PotEntry[] {
  return text
    .split('\n\n')
    .map(block => {
      const ctxt = /^msgctxt (".*")$/m.exec(block);
      const id = /^msgid (".*")$/m.exec(block);
      return {
        ...(ctxt ? { msgctxt: JSON.parse(ctxt[1]) as string } : {}),
        msgid: id ? (JSON.parse(id[1]) as string) : ''
      };
    })
    .filter(e => e.msgid !== '');
}

/** A language pack's bundle: every msgid translated as «msgid» (words as [word]). */
function pseudoBundle(): TranslationBundle {
  const messages: Record<string, string[]> = {};
  for (const e of readPot(readFileSync(POT, 'utf8'))) {
    messages[e.msgctxt ? `${e.msgctxt}\u0004${e.msgid}` : e.msgid] = [
      e.msgctxt ? `[${e.msgid}]` : `«${e.msgid}»`
    ];
  }
  const gettext = new Gettext({ domain: 'nbcraft', locale: 'xx' });
  gettext.loadJSON(
    {
      '': {
        language: 'xx',
        domain: 'nbcraft',
        pluralForms: 'nplurals=2; plural=(n != 1);'
      },
      ...messages
    },
    'nbcraft'
  );
  return gettext;
}

function lint(file: string, text: string): Finding[] {
  return lintFile(file, text, STRICT).result.findings;
}

function ipynb(cells: { cell_type: string; source: string }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'P' }
    },
    cells: cells.map((c, i) => ({
      id: `c${i}`,
      metadata: {},
      ...c,
      ...(c.cell_type === 'code' ? { execution_count: null, outputs: [] } : {})
    }))
  });
}

/** The first finding of the rule in a titled notebook with one code cell. */
function findingIn(ruleId: string, code: string): Finding {
  const [finding] = lint(
    'n.ipynb',
    ipynb([
      { cell_type: 'markdown', source: '# T' },
      { cell_type: 'code', source: code }
    ])
  ).filter(f => f.ruleId === ruleId);
  return finding;
}

// every finding of the corpus (test/corpus, and ../shared/corpus when present), every rule on
const findingsByCorpus = corpusDirs().map(corpus => ({
  corpus,
  findings: notebookFiles(corpus).flatMap(file =>
    lint(file, readFileSync(file, 'utf8'))
  )
}));
const corpusFindings = findingsByCorpus.flatMap(c => c.findings);

/** [corpus, whether `enough` holds for its findings], for every corpus folder. */
function eachCorpus(
  enough: (findings: Finding[], shipped: boolean) => boolean
): [string, boolean][] {
  return findingsByCorpus.map(({ corpus, findings }) => [
    corpus,
    enough(findings, isShippedCorpus(corpus))
  ]);
}
const allHold = (): [string, boolean][] =>
  findingsByCorpus.map(({ corpus }) => [corpus, true]);
const english = nullTranslator.load('nbcraft');
const pseudo = pseudoBundle();

describe('translateFinding', () => {
  it('with nullTranslator shows the CLI English message exactly, for every corpus finding', () => {
    // each folder gives many findings of many rules: the shared corpus 500+ of 20+ rules, the
    // shipped one (15 notebooks) 100+ of 10+ (125 of 14 when this was written)
    expect(
      eachCorpus(
        (findings, shipped) =>
          findings.length > (shipped ? 100 : 500) &&
          new Set(findings.map(f => f.ruleId)).size > (shipped ? 10 : 20)
      )
    ).toEqual(allHold());
    const differing = corpusFindings.filter(
      f => translateFinding(f, english) !== f.message
    );
    expect(differing.map(f => [f.ruleId, f.message])).toEqual([]);
  });

  it("shows every corpus finding translated by the language pack, placeholders filled with the finding's data", () => {
    for (const f of corpusFindings) {
      const shown = translateFinding(f, pseudo);
      expect([f.ruleId, shown.startsWith('«') && shown.endsWith('»')]).toEqual([
        f.ruleId,
        true
      ]);
      expect(shown).not.toMatch(/\{\{\s*\w+\s*\}\}/);
      if (Object.keys(ruleMessages(f.ruleId)!.dataTerms).length === 0) {
        expect(shown.slice(1, -1)).toBe(f.message); // the data stays as the CLI prints it
      }
    }
  });

  it('translates the template, never the code names in its data', () => {
    const finding = findingIn('unused-import', 'import os');
    expect(finding.data).toEqual({ name: 'os' });
    const template = finding.message.replace('"os"', '"{{name}}"');
    const fake = {
      __: (msgid: string) =>
        msgid === template
          ? '« {{name}} » est importé mais aucune cellule ne l’utilise.'
          : msgid === 'os'
            ? 'SE'
            : msgid,
      _p: (_ctxt: string, msgid: string) => msgid
    };
    expect(translateFinding(finding, fake)).toBe(
      '« os » est importé mais aucune cellule ne l’utilise.'
    );
  });

  it('translates the English words a rule puts in its data (empty-cell: Markdown)', () => {
    const [finding] = lint(
      'n.ipynb',
      ipynb([
        { cell_type: 'markdown', source: '# T' },
        { cell_type: 'markdown', source: '' }
      ])
    ).filter(f => f.ruleId === 'empty-cell');
    expect(finding.message).toBe('Empty Markdown cell; delete it.');
    expect(translateFinding(finding, pseudo)).toBe(
      '«Empty [Markdown] cell; delete it.»'
    );
    expect(translateFinding(finding, english)).toBe(finding.message);
  });

  it("keeps the English message of a finding it cannot place (another version's rule, no data)", () => {
    const [finding] = corpusFindings.filter(f => f.data);
    const { data: _dropped, ...withoutData } = finding;
    expect(translateFinding(withoutData, pseudo)).toBe(finding.message);
    expect(translateFinding({ ...finding, ruleId: 'gone-rule' }, pseudo)).toBe(
      finding.message
    );
    expect(translateFinding({ ...finding, messageId: 'gone' }, pseudo)).toBe(
      finding.message
    );
  });
});

describe('translateFixLabel', () => {
  const fixed = corpusFindings.filter(f => f.fix);

  it('with nullTranslator shows the CLI English label exactly, for every corpus fix', () => {
    // each folder gives 50+ fixes of 5+ rules (the shipped one: 92 of 7 rules)
    expect(
      eachCorpus(findings => {
        const fixes = findings.filter(f => f.fix);
        return fixes.length > 50 && new Set(fixes.map(f => f.ruleId)).size > 5;
      })
    ).toEqual(allHold());
    for (const f of fixed) {
      expect(translateFixLabel(f, english)).toBe(f.fix!.description);
      expect(fixActionLabel(f, english)).toBe(
        `${f.fix!.applicability === 'unsafe' ? 'Suggestion' : 'Fix'}: ${f.fix!.description}`
      );
    }
  });

  it("shows every corpus fix's label translated by the language pack, values as the CLI prints them", () => {
    for (const f of fixed) {
      // no fix label has data terms: its filled values are code names, kept as they are
      expect([f.ruleId, translateFixLabel(f, pseudo)]).toEqual([
        f.ruleId,
        `«${f.fix!.description}»`
      ]);
    }
  });

  it('translates the template, then fills the values from the English label, untranslated', () => {
    const finding = findingIn('unused-import', 'import os');
    expect(finding.fix!.description).toBe('Remove the import of os');
    const fake = {
      __: (msgid: string, ...args: unknown[]) =>
        msgid === 'Remove the import of {{name}}'
          ? 'Supprimer l’import de {{name}}'
          : msgid === 'Fix: %1'
            ? `Correctif : ${String(args[0])}`
            : msgid === 'os'
              ? 'SE'
              : msgid,
      _p: (_ctxt: string, msgid: string) => msgid
    };
    expect(translateFixLabel(finding, fake)).toBe('Supprimer l’import de os');
    expect(fixActionLabel(finding, fake)).toBe(
      'Correctif : Supprimer l’import de os'
    );
  });

  it('offers an unsafe fix as a suggestion, its label translated (missing-random-seed)', () => {
    const finding = findingIn(
      'missing-random-seed',
      'from sklearn.model_selection import train_test_split\na, b = train_test_split(x)'
    );
    expect(finding.fix).toMatchObject({
      description: 'Pass random_state=0',
      applicability: 'unsafe'
    });
    // "Suggestion: %1" is the lab's own string, in the .pot as well (write-pot.js reads src/)
    expect(fixActionLabel(finding, pseudo)).toBe(
      '«Suggestion: «Pass random_state=0»»'
    );
    const fake = {
      __: (msgid: string, ...args: unknown[]) =>
        msgid === 'Pass {{keyword}}=0'
          ? 'Passer {{keyword}}=0'
          : msgid === 'Suggestion: %1'
            ? `Suggestion : ${String(args[0])}`
            : msgid,
      _p: (_ctxt: string, msgid: string) => msgid
    };
    expect(fixActionLabel(finding, fake)).toBe(
      'Suggestion : Passer random_state=0'
    );
  });

  it('keeps a label no template of its rule matches as it came, and has none without a fix', () => {
    const [f] = fixed;
    const other = {
      ...f,
      fix: { ...f.fix!, description: 'Do something else' }
    };
    expect(translateFixLabel(other, pseudo)).toBe('Do something else');
    expect(translateFixLabel({ ...f, ruleId: 'gone-rule' }, pseudo)).toBe(
      f.fix!.description
    );
    const { fix: _dropped, ...withoutFix } = f;
    expect(translateFixLabel(withoutFix, pseudo)).toBeUndefined();
    expect(fixActionLabel(withoutFix, pseudo)).toBeUndefined();
  });
});

describe('where the lab shows a finding', () => {
  const finding = corpusFindings.find(
    f => f.ruleId === 'unused-import' && f.cell !== null
  )!;
  const shown = translateFinding(finding, pseudo);

  it('the editor hover and its plain-text message', () => {
    const source = 'import os\n'.repeat(200);
    const [diagnostic] = toDiagnostics(
      { source, findings: [finding] },
      () => [],
      pseudo
    );
    expect(diagnostic.message).toBe(
      `${shown} (${finding.ruleCode} ${finding.ruleId})`
    );
    const node = diagnostic.renderMessage!({} as never) as HTMLElement;
    expect(node.textContent).toContain(shown);
  });

  it('the banner of notebook-level findings', () => {
    const [notebookLevel] = lint(
      'Untitled.ipynb',
      ipynb([{ cell_type: 'markdown', source: '# T' }])
    ).filter(f => f.ruleId === 'untitled-notebook');
    expect(notebookLevel.cell).toBeNull();
    const banner = new NotebookLintBanner(() => undefined, pseudo);
    banner.render({
      notices: [],
      notebookLevel: [notebookLevel]
    } as never);
    expect(banner.node.textContent).toContain(
      translateFinding(notebookLevel, pseudo)
    );
    expect(banner.node.textContent).toContain('«');
  });

  it("the panel's text filter matches the message as shown", () => {
    const filter = {
      severities: new Set<never>(),
      categories: new Set<never>(),
      text: '«'
    };
    expect(filterFindings([finding], filter)).toEqual([]);
    expect(
      filterFindings([finding], {
        ...filter,
        message: f => translateFinding(f, pseudo)
      })
    ).toEqual([finding]);
  });
});
