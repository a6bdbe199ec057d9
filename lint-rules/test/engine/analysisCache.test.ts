/** One run's cell analyses shared between notebooks: bounded, and never mixing notebooks' findings. */
import { lintFile } from '../../src/engine';
import {
  ANALYSIS_CACHE_MAX_CHARS,
  BoundedAnalysisCache
} from '../../src/engine/analysisCache';
import { resolveConfig } from '../../src/config';
import { analyzeCell } from '../../src/python';
import { notebookText } from '../rules/ruleTester';

describe('BoundedAnalysisCache', () => {
  it('drops the oldest entries once the cached sources exceed the bound', () => {
    const cache = new BoundedAnalysisCache(10);
    cache.set('aaaa', analyzeCell('aaaa'));
    cache.set('bbbb', analyzeCell('bbbb'));
    expect(cache.totalChars).toBe(8);
    cache.set('aaaa', analyzeCell('aaaa')); // already there: counted once
    expect(cache.totalChars).toBe(8);
    cache.set('cccc', analyzeCell('cccc'));
    expect([...cache.keys()]).toEqual(['bbbb', 'cccc']);
    expect(cache.totalChars).toBe(8);
    // one source larger than the bound is not kept either
    cache.set('x'.repeat(11), analyzeCell('x'));
    expect(cache.size).toBe(0);
    expect(cache.totalChars).toBe(0);
    cache.set('dd', analyzeCell('dd'));
    expect(cache.delete('dd')).toBe(true);
    expect(cache.delete('dd')).toBe(false);
    cache.set('ee', analyzeCell('ee'));
    cache.clear();
    expect(cache.totalChars).toBe(0);
  });

  it('defaults to the documented bound', () => {
    expect(new BoundedAnalysisCache().maxChars).toBe(ANALYSIS_CACHE_MAX_CHARS);
  });
});

describe('lintFile with a shared analysis cache', () => {
  const config = resolveConfig({ extends: 'strict' });
  // the same cell text in both notebooks: what it reads is defined (or imported) differently above
  const shared =
    'df = load(path)\nmodel = np.random.rand(3)\nml.log_param("k", key)\nprint(x)\n';
  const first = notebookText([
    'import mlflow as ml\nfrom data import load\npath = "/home/alice/data.csv"\n',
    shared
  ]);
  const second = notebookText([
    'import numpy as np\nkey = "sk-abc"\nx = 1\n',
    shared,
    'del x\nprint(x)\n'
  ]);

  it('gives each notebook the findings it gets alone', () => {
    const alone = [
      lintFile('a.ipynb', first, config).result,
      lintFile('b.ipynb', second, config).result
    ];
    const cache = new BoundedAnalysisCache();
    const together = [
      lintFile('a.ipynb', first, config, { analysisCache: cache }).result,
      lintFile('b.ipynb', second, config, { analysisCache: cache }).result,
      // and again, every cell now from the cache
      lintFile('a.ipynb', first, config, { analysisCache: cache }).result
    ];
    // the shared cell was analysed once: 4 distinct code cells in all
    expect(cache.size).toBe(4);
    expect(together).toEqual([alone[0], alone[1], alone[0]]);
    // and the two notebooks' findings on the shared cell do differ (the test can tell them apart)
    const onShared = (r: (typeof alone)[0]) =>
      r.findings
        .filter(f => f.cell === 1)
        .map(f => `${f.ruleCode} ${f.message}`)
        .sort();
    expect(onShared(alone[0])).not.toEqual(onShared(alone[1]));
    expect(onShared(together[1])).toEqual(onShared(alone[1]));
  });
});
