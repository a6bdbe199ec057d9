import { nullTranslator } from '@jupyterlab/translation';

import { ConfigError } from '@nbcraft/lint-rules';

import {
  configNotice,
  english,
  makeNotice,
  noticeText
} from '../../src/lint/notices';
import type { LintNotice } from '../../src/lint/lintReport';
import {
  DEFAULT_LINT_SETTINGS,
  effectiveConfig
} from '../../src/lint/lintSettings';
import { marked } from '../core/markedTranslator';

describe('lint notices', () => {
  it('are made in English where linting runs, with their arguments in place', () => {
    const notice = makeNotice('syntaxAt', 3, 2, 'invalid syntax');
    expect(notice.kind).toBe('syntax');
    expect(notice.message).toBe(
      'Cell 3 does not parse (line 2: invalid syntax); the checks that need its code are skipped until it does.'
    );
    expect(makeNotice('kernel', 'r').message).toContain(
      'kernel language is "r"'
    );
    expect(makeNotice('ignoredByConfig').kind).toBe('ignored');
  });

  it('are said again through the lab’s translations, from their template and arguments', () => {
    const notice = makeNotice('ruleFailure', 'NB104', 'boom');
    expect(noticeText(notice, marked)).toBe(
      '«nbcraft could not lint this notebook (%1): %2. Switch the rule off in nbcraft.json to lint the rest, and please report it.»[NB104|boom]'
    );
    // The lab's English bundle says what the worker said.
    const trans = nullTranslator.load('nbcraft');
    for (const made of [
      makeNotice('kernel', 'r'),
      makeNotice('syntax', 4),
      makeNotice('failure', 'the worker stopped'),
      makeNotice('ignored', 'nbcraft.json'),
      makeNotice('config', 'nbcraft.json: lint.rules.X: unknown rule')
    ]) {
      expect(noticeText(made, trans)).toBe(made.message);
    }
  });

  it('survive the trip from a worker (plain data) and show as written without a template', () => {
    const cloned = JSON.parse(
      JSON.stringify(makeNotice('failure', 'x'))
    ) as LintNotice;
    expect(noticeText(cloned, marked)).toBe(
      '«nbcraft could not lint this notebook: %1»[x]'
    );
    const plain: LintNotice = { kind: 'config', message: 'as it came' };
    expect(noticeText(plain, marked)).toBe('as it came');
    expect(
      noticeText({ ...plain, template: { id: 'unknown', args: [] } }, marked)
    ).toBe('as it came');
    expect(english.__('%1 of %2', 1)).toBe('1 of %2');
  });

  it('name the user’s lint settings in the lab’s language when an override is wrong', () => {
    let thrown: unknown;
    try {
      effectiveConfig(
        { file: null, baseDir: '', settings: {}, text: null },
        'n.ipynb',
        { ...DEFAULT_LINT_SETTINGS, rules: { NB999: 'warn' } }
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const notice = configNotice(thrown as ConfigError);
    expect(notice.kind).toBe('config');
    const said = noticeText(notice, marked);
    // every English word is inside «»: only the key and the library's own detail are not
    expect(said).toMatch(
      /^«nbcraft config error in %1: %2: %3\. [^»]*»\[«Settings > nbcraft lint > rules»\[\]\|rules\.NB999\|[^|]+\]$/
    );
    expect(noticeText(notice, nullTranslator.load('nbcraft'))).toMatch(
      /^nbcraft config error in Settings > nbcraft lint > rules: rules\.NB999: /
    );
    // a config file's error still names the file
    expect(
      noticeText(
        configNotice(new ConfigError('proj/nbcraft.json', 'extends', 'bad')),
        marked
      )
    ).toContain('[proj/nbcraft.json: extends: bad]');
  });
});
