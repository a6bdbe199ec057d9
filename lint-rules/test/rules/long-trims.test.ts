/**
 * Attack review of session 20 (P2, P3, P4): end-trims and URL searches that a regular
 * expression ran without a left anchor (`['"]+$`, `\/+$`, `[a-z+]+:\/\/\S+`, GitLab's
 * `\/-\/archive\/(.+)\/[^/]+$`) were quadratic: one 50 KB word after `%pip install` took 13 s,
 * 50 KB of `/` after `!mkdir -p ~/` 14 s. Each case here is one such line of 50 to 110 KB and
 * checks what is found there; how long it takes is no test's business (the project keeps speed
 * in benchmarks): bench/lint-review-scans.js prints the times at three sizes.
 */
import { resolveConfig } from '../../src/config';
import { lintFile } from '../../src/engine';
import { trimEndWhere } from '../../src/engine/text';
import { planPromotion } from '../../src/promote';
import { isPinned } from '../../src/rules/support/pip';
import { notebookOf } from '../promote/helpers';

const notebook = (...sources: string[]): string =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: sources.map((source, i) => ({
      id: `c${i}`,
      cell_type: 'code',
      metadata: {},
      outputs: [],
      execution_count: null,
      source
    }))
  });

/** the rule codes a lint with only `code` on finds */
function lintOnly(code: string, text: string): { codes: string[] } {
  const config = resolveConfig({ extends: 'none', rules: { [code]: 'warn' } });
  const { result } = lintFile('a.ipynb', text, config);
  return { codes: result.findings.map(f => f.ruleCode) };
}

describe('long words and runs are read once', () => {
  it('a 50 KB requirement word with no URL (NB105: isPinned)', () => {
    expect(isPinned('a'.repeat(50_000), false)).toBe(false);
    const { codes } = lintOnly(
      'NB105',
      notebook('%pip install ' + 'a'.repeat(50_000))
    );
    expect(codes).toEqual(['NB105']);
  });

  it('a 110 KB URL of GitLab archive segments (NB105: archiveRef)', () => {
    const url = 'https://example.com' + '/-/archive/'.repeat(10_000);
    // a trailing `/` names no file: no archive ref, a URL pip installs as given
    expect(isPinned(url + '/', false)).toBe(true);
    // the ref is what lies between the first `/-/archive/` and the last `/`: a branch
    expect(isPinned(url + 'x.zip', false)).toBe(false);
  });

  it('a URL ending in 50 KB of quotes (NB105: the `[\'"]+$` trim)', () => {
    expect(isPinned('https://x/' + `'"`.repeat(25_000) + 'a', false)).toBe(
      true
    );
    expect(
      isPinned(
        'https://gitlab.com/o/d/-/archive/main/d-main.zip' +
          `'"`.repeat(25_000),
        false
      )
    ).toBe(false);
  });

  it('a `~` folder of 50 KB of `/` on a mkdir line (NB106: homeFoldersMade)', () => {
    const { codes } = lintOnly(
      'NB106',
      notebook('!mkdir -p ~/' + '/'.repeat(50_000) + 'a', 'x = "~/data/x.csv"')
    );
    expect(codes).toEqual(['NB106']);
  });

  it('a `%cd` into 50 KB of `/` (NB110: the folder depth of the argument)', () => {
    const { codes } = lintOnly(
      'NB110',
      notebook('%cd a' + '/'.repeat(50_000) + 'b\n%cd ..')
    );
    expect(codes).toEqual(['NB110', 'NB110']);
  });
});

describe('promote trims a long inner run of blanks once', () => {
  it('a code line with 50 KB of blanks inside (P5: the per-line `\\s+$` trims)', () => {
    const result = planPromotion({
      notebook: notebookOf(['x = 1', 'y = x' + ' '.repeat(50_000) + '+ 1']),
      cells: [1],
      modulePath: 'steps.py'
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.moduleText).toContain('+ 1');
  });
});

describe('trimEndWhere', () => {
  it('drops only the trailing characters the pattern matches', () => {
    expect(trimEndWhere('a//b///', /\//)).toBe('a//b');
    expect(trimEndWhere('///', /\//)).toBe('');
    expect(trimEndWhere('ab', /\//)).toBe('ab');
    expect(trimEndWhere(`x'"'`, /['"]/)).toBe('x');
  });
  it('is linear on a long run that does not reach the end', () => {
    const text = '/'.repeat(100_000) + 'a';
    expect(trimEndWhere(text, /\//)).toBe(text);
  });
});
