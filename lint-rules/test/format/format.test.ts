/** Formatters: every CI format carries the REAL line/column in the .ipynb file. */
import { lintFile, VERSION } from '../../src/engine';
import type { Finding } from '../../src/engine/types';
import { resolveConfig } from '../../src/config';
import { FileResult, getFormatter, FORMAT_NAMES } from '../../src/format';
import { allRules } from '../../src/rules';
import { notebookText } from '../rules/ruleTester';

const text = notebookText([
  { md: '# Title' },
  'import os\nos.chdir("data")',
  { code: 'x = 2', count: 1 },
  { code: 'y = 1', count: 3 },
  { code: 'z = y + 1', count: 2 }
]);
const config = resolveConfig({
  extends: 'none',
  rules: { NB110: 'error', NB101: 'warn' }
});
const result = lintFile('nbs/demo.ipynb', text, config).result;
const unreadable: FileResult = lintFile(
  'nbs/broken.ipynb',
  '{"cells": [',
  config
).result;
const ctx = {
  rules: allRules.map(r => r.meta),
  version: VERSION,
  cwd: '/repo'
};
const format = (name: string, results: FileResult[] = [result]) =>
  getFormatter(name)!(results, ctx);
const chdir = result.findings.find(f => f.ruleCode === 'NB110')!;
const fileLines = text.split('\n');

describe('formatters', () => {
  it('the finding sits where the file has the code', () => {
    expect(fileLines[chdir.file.line - 1].slice(chdir.file.column - 1)).toMatch(
      /^os\.chdir/
    );
    expect(chdir.file.line).toBeGreaterThan(10);
  });

  it('stylish prints path:cell N:line:col: CODE [id] message and a summary', () => {
    const out = format('stylish', [result, unreadable]);
    expect(out).toContain(
      'nbs/demo.ipynb:cell 2:2:1: NB110 [working-directory-change] os.chdir()'
    );
    expect(out).toContain(
      'nbs/demo.ipynb:cell 5:1:1: NB101 [non-linear-execution]'
    );
    expect(out).toMatch(/nbs\/broken\.ipynb:1:\d+: error: /);
    expect(out).toContain('Found 2 problems (1 error, 1 warning)');
    expect(out).toContain('1 file could not be linted.');
  });

  it('stylish marks only the fixes --fix applies, and names the unsafe ones apart as ruff does', () => {
    // NB111's `!pip` to `%pip` is safe; NB606's limit(1000) changes the result (unsafe)
    const fixes = lintFile(
      'nbs/fixes.ipynb',
      notebookText([
        '!pip install requests==2.31.0',
        'b = spark.table("t").toPandas()'
      ]),
      resolveConfig({
        extends: 'none',
        rules: { NB111: 'warn', NB606: 'warn' }
      })
    ).result;
    const lines = format('stylish', [fixes]).split('\n');
    expect(lines.find(l => l.includes('NB111'))).toMatch(/ \[\*\]$/);
    expect(lines.find(l => l.includes('NB606'))).not.toMatch(/\[\*\]/);
    expect(lines).toContain(
      '[*] 1 fixable with the `--fix` option (1 hidden fix can be enabled with `--fix --unsafe-fixes`).'
    );
    // with --unsafe-fixes both apply
    const both = getFormatter('stylish')!([fixes], {
      ...ctx,
      unsafeFixes: true
    });
    expect(both).toContain('[*] 2 fixable with the `--fix` option.');
    expect(both).not.toContain('hidden');
    // only unsafe fixes: --fix alone would fix nothing
    const onlyUnsafe = lintFile(
      'nbs/unsafe.ipynb',
      notebookText(['b = spark.table("t").toPandas()']),
      resolveConfig({ extends: 'none', rules: { NB606: 'warn' } })
    ).result;
    expect(format('stylish', [onlyUnsafe])).toContain(
      'No fixes available (1 hidden fix can be enabled with `--fix --unsafe-fixes`).'
    );
  });

  it('github annotations carry file line/col and drop col on multi-line spans', () => {
    const out = format('github', [result, unreadable]);
    expect(out).toContain(
      `::error file=nbs/demo.ipynb,line=${chdir.file.line},endLine=${chdir.file.endLine},col=${chdir.file.column},endColumn=${chdir.file.endColumn},title=NB110 working-directory-change::`
    );
    expect(out).toContain(
      '%28cell 2:2:1%29'.replace('%28', '(').replace('%29', ')')
    );
    const multi: Finding = {
      ...chdir,
      file: { line: 3, column: 5, endLine: 6, endColumn: 2 },
      message: 'a,b\nc%'
    };
    const m = getFormatter('github')!(
      [{ path: 'a,b.ipynb', findings: [multi] }],
      ctx
    );
    expect(m).toBe(
      '::error file=a%2Cb.ipynb,line=3,endLine=6,title=NB110 working-directory-change::a,b%0Ac% (cell 2:2:1)\n'.replace(
        'c% ',
        'c%25 '
      )
    );
    expect(out).toMatch(
      /^::error file=nbs\/broken\.ipynb,line=1,col=\d+,title=nbcraft: unreadable notebook::/m
    );
  });

  it('SARIF 2.1.0 has rule metadata, file regions and partial fingerprints', () => {
    const log = JSON.parse(format('sarif', [result, unreadable]));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules).toHaveLength(allRules.length);
    const rule = run.tool.driver.rules.find(
      (r: { id: string }) => r.id === 'NB110'
    );
    expect(rule).toMatchObject({
      name: 'working-directory-change',
      helpUri: expect.stringContaining('docs/rules/working-directory-change.md')
    });
    expect(rule.properties.tags).toContain('reproducibility');
    for (const r of run.tool.driver.rules) {
      // the SARIF schema: tags are unique items
      expect(new Set(r.properties.tags).size).toBe(r.properties.tags.length);
    }
    expect(
      run.tool.driver.rules.find((r: { id: string }) => r.id === 'NB401')
        .properties.tags
    ).toContain('security');
    expect(
      run.tool.driver.rules.find((r: { id: string }) => r.id === 'NB401')
        .properties['security-severity']
    ).toBe('8.0');
    const res = run.results.find(
      (r: { ruleId: string }) => r.ruleId === 'NB110'
    );
    expect(run.tool.driver.rules[res.ruleIndex].id).toBe('NB110');
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'nbs/demo.ipynb', uriBaseId: '%SRCROOT%' },
      region: {
        startLine: chdir.file.line,
        startColumn: chdir.file.column,
        endLine: chdir.file.endLine,
        endColumn: chdir.file.endColumn
      }
    });
    expect(res.partialFingerprints['nbcraftFinding/v1']).toMatch(
      /^[0-9a-f]{16}$/
    );
    expect(
      run.invocations[0].toolExecutionNotifications[0].message.text
    ).toContain('nbs/broken.ipynb');
    // fingerprints survive edits elsewhere (no line numbers inside)
    const shifted = lintFile(
      'nbs/demo.ipynb',
      notebookText([
        { md: '# Title\n\nmore text' },
        'import os\nos.chdir("data")',
        { code: 'x = 2', count: 1 },
        { code: 'y = 1', count: 3 },
        { code: 'z = y + 1', count: 2 }
      ]),
      config
    ).result;
    const again = JSON.parse(
      getFormatter('sarif')!([shifted], ctx)
    ).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'NB110');
    expect(again.locations[0].physicalLocation.region.startLine).toBe(
      chdir.file.line + 2
    );
    expect(again.partialFingerprints).toEqual(res.partialFingerprints);
  });

  it('gitlab, azure and junit carry the file line', () => {
    const gl = JSON.parse(format('gitlab'));
    expect(
      gl.find(
        (i: { check_name: string }) =>
          i.check_name === 'working-directory-change'
      )
    ).toMatchObject({
      severity: 'major',
      location: { path: 'nbs/demo.ipynb', lines: { begin: chdir.file.line } }
    });
    expect(format('azure')).toContain(
      `##vso[task.logissue type=error;sourcepath=nbs/demo.ipynb;linenumber=${chdir.file.line};columnnumber=${chdir.file.column};code=NB110;]`
    );
    const xml = format('junit', [result, unreadable]);
    expect(xml).toContain(
      '<testsuites name="nbcraft" tests="3" failures="2" errors="1">'
    );
    expect(xml).toContain(
      `<testcase name="NB110 working-directory-change cell 2:2:1" classname="nbs/demo.ipynb" file="nbs/demo.ipynb" line="${chdir.file.line}">`
    );
    expect(xml).toContain('<error message=');
  });

  it('json has 1-based cell positions and the file position', () => {
    const [file] = JSON.parse(format('json'));
    const m = file.messages.find(
      (x: { ruleCode: string }) => x.ruleCode === 'NB110'
    );
    expect(m).toMatchObject({
      cell: 2,
      line: 2,
      column: 1,
      file: chdir.file,
      severity: 'error'
    });
    expect(FORMAT_NAMES.sort()).toEqual([
      'azure',
      'github',
      'gitlab',
      'json',
      'junit',
      'sarif',
      'stylish'
    ]);
  });
});
