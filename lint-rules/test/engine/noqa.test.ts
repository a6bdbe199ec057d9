/**
 * flake8's and ruff's `# noqa` comments (issue #15, round 8): read for the rules whose check is
 * exactly a flake8/ruff code's (NOQA_CODES), never for the secret rules.
 */
import { lintNotebook } from '../../src/engine';
import { NOQA_CODES } from '../../src/engine/suppressions';
import { readNotebook } from '../../src/notebook';
import { resolveConfig } from '../../src/config';
import { notebookText } from '../rules/ruleTester';

const strict = resolveConfig({ extends: 'strict' }).rules;
const token = 'dapi' + '0123456789abcdef0123456789abcdef';

/** `CODE@cell:line` of every finding of the given rules, every rule on */
function found(cells: string[], codes: string[]): string[] {
  return lintNotebook(readNotebook('noqa.ipynb', notebookText(cells)), strict)
    .filter(f => codes.includes(f.ruleCode))
    .map(f => `${f.ruleCode}@${(f.cell ?? 0) + 1}:${(f.start?.line ?? 0) + 1}`);
}

describe('# noqa', () => {
  it('`# noqa: F401` suppresses NB205 on its import line only', () => {
    expect(
      found(['import os  # noqa: F401\nimport sys\nimport re'], ['NB205'])
    ).toEqual(['NB205@1:2', 'NB205@1:3']);
  });

  it('a `# noqa` in a statement over several lines covers its lines, as flake8 and ruff read it', () => {
    // debu-sinha/mlflow-eval-workshop's _verify_environment.py: imports that check the install
    expect(
      found(
        [
          'from mlflow.genai.scorers import (  # noqa: F401\n    Correctness,\n    Safety,\n)\nimport os',
          'if True:  # noqa\n    import re\nfor x in []:\n    import sys  # noqa: F401\n    import json',
          'def f(a,  # noqa\n      b):\n    return a == None'
        ],
        ['NB205', 'NB210']
      )
    ).toEqual(['NB205@1:5', 'NB205@2:2', 'NB205@2:5', 'NB210@3:3']);
  });

  it('a `# noqa` on a decorator, a `match` or a `case` line covers that line, not the block', () => {
    // review RG1: DecoratedStatement and MatchStatement have no Body child, and took their
    // whole block as the comment's statement
    expect(
      found(
        [
          '@dec  # noqa\ndef f(a):\n    return a == None',
          'match x:  # noqa\n    case 1:\n        y = x == None',
          'match x:\n    case 1:  # noqa\n        y = x == None\n    case _:\n        z = x == None',
          'class C(  # noqa\n    Base,\n):\n    ok = x == None'
        ],
        ['NB210']
      )
    ).toEqual([
      'NB210@1:3',
      'NB210@2:3',
      'NB210@3:3',
      'NB210@3:5',
      'NB210@4:4'
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n']
  ])(
    'a `# noqa` after the closing bracket of a statement over several lines covers it (%s)',
    (_name, eol) => {
      const lines = (...l: string[]) => l.join(eol);
      expect(
        found(
          [
            lines(
              'from os.path import (',
              '    join,',
              '    dirname,',
              ')  # noqa: F401'
            ),
            lines('import re', '# noqa: F401', 'import sys'),
            lines('import json', 'import csv  # noqa: F401')
          ],
          ['NB205']
        )
      ).toEqual(['NB205@2:1', 'NB205@2:3', 'NB205@3:1']);
    }
  );

  it('directives and `# noqa` are read on lines cut at `\\n`, `\\r\\n` and a lone `\\r`, up to a final break', () => {
    // the suppressions cut a cell's lines where its LineIndex found the breaks
    expect(
      found(
        [
          'import os\r# nbcraft: disable=NB205\rimport sys\r\nimport re  # noqa: F401\nimport json\n# nbcraft: disable=NB205\n'
        ],
        ['NB205']
      )
    ).toEqual(['NB205@1:1', 'NB205@1:5']);
  });

  it('a `# noqa` on the line after a statement ending in `;` does not cover it (review RG1b)', () => {
    // a `StatementGroup` (`y = ...;`) ends after its line break: the comment below is on a line
    // of its own, which flake8 and ruff read as covering nothing
    expect(
      found(
        [
          'y = undefined_x == None;\n# noqa\n',
          'z = undefined_z == None;  # noqa\n'
        ],
        ['NB104', 'NB210']
      )
    ).toEqual(['NB104@1:1', 'NB210@1:1']);
  });

  it('reads both spellings of a code list and any case: `# noqa:E711,F401`, `# NOQA: E711 F401`', () => {
    expect(
      found(
        [
          'import os  # noqa:E711,F401\nx = os == None  # noqa:E711,F401',
          'import re  # NOQA: E711 F401\ny = re == None  # NoQA: E711 F401'
        ],
        ['NB205', 'NB210']
      )
    ).toEqual([]);
  });

  it('a bare `# noqa` suppresses a rule of the table (NB206)', () => {
    expect(
      found(['try:\n    import x\nexcept:  # noqa\n    pass'], ['NB206'])
    ).toEqual([]);
  });

  it('a bare `# noqa` hides no hard-coded credential (NB408, NB401)', () => {
    expect(
      found(
        [
          'password = "hunter2222xyz"  # noqa',
          `import os\nos.environ["DATABRICKS_TOKEN"] = "${token}"  # noqa`,
          'password = "Paste Orange Wombat"  # noqa: S105, E501'
        ],
        ['NB408', 'NB401']
      )
    ).toEqual(['NB408@1:1', 'NB408@2:2', 'NB401@2:2', 'NB408@3:1']);
  });

  it('`# noqa: E501` does not hide NB210; a `# noqa` in a string hides nothing', () => {
    expect(
      found(
        [
          'ok = x == None  # noqa: E501',
          'msg = "# noqa"; ok = x == None',
          's = """\n# noqa: E711""" if x == None else 1'
        ],
        ['NB210']
      )
    ).toEqual(['NB210@1:1', 'NB210@2:1', 'NB210@3:2']);
  });

  it('in a cell no parser reads (%%bash) or that does not parse, a `#` after a quote is no comment', () => {
    const cells = [
      '%%bash\nls -l   # noqa: W291   \necho "# noqa: W291"   ',
      'print "x"   # noqa: W291   \nprint "# noqa"   '
    ];
    const meta = {
      kernelspec: { name: 'python2', display_name: 'Python 2' },
      language_info: { name: 'python', version: '2.7.18' }
    };
    expect(
      lintNotebook(readNotebook('py2.ipynb', notebookText(cells, meta)), strict)
        .filter(f => f.ruleCode === 'NB208')
        .map(f => `${f.cell! + 1}:${f.start!.line + 1}`)
    ).toEqual(['1:3', '2:2']);
  });

  it('the table names only rules that exist and codes shaped like flake8 codes', () => {
    const codes = new Set(strict.map(r => r.rule.meta.code));
    for (const [rule, equivalents] of Object.entries(NOQA_CODES)) {
      expect(codes.has(rule)).toBe(true);
      for (const c of equivalents) {
        expect(c).toMatch(/^[A-Z]+[0-9]+$/);
      }
    }
    // no secret rule (NB4xx) and no MLflow secret rule is suppressed by a noqa
    expect(
      Object.keys(NOQA_CODES).filter(r => /^NB4|^NB50[48]/.test(r))
    ).toEqual([]);
  });
});
