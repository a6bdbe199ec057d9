/**
 * corpusDirs: a clone reads the shipped corpus; CI fails, rather than skips, when the shared
 * corpus is missing. And the shipped corpus keeps its licences and origins with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  corpusDirs,
  isShippedCorpus,
  SHARED_CORPUS,
  SHIPPED_CORPUS
} from './corpusDirs';

const MISSING = path.join(__dirname, 'no-such-corpus');

describe('corpusDirs', () => {
  it('reads the shipped corpus alone when the shared one is missing outside CI', () => {
    expect(corpusDirs({}, MISSING)).toEqual([SHIPPED_CORPUS]);
  });

  it.each(['true', '1'])(
    'fails in CI (CI=%s) when the shared corpus is missing',
    ci => {
      expect(() => corpusDirs({ CI: ci }, MISSING)).toThrow(
        /shared corpus is missing .*no-such-corpus/
      );
    }
  );

  it('reads both when the shared corpus is there, in CI or not', () => {
    const shared = path.join(__dirname, 'fixtures');
    expect(corpusDirs({ CI: 'true' }, shared)).toEqual([
      SHIPPED_CORPUS,
      shared
    ]);
  });

  it('reads NBCRAFT_SHARED_CORPUS as the shared corpus: a missing one fails CI, an existing one is read', () => {
    expect(() =>
      corpusDirs({ CI: 'true', NBCRAFT_SHARED_CORPUS: MISSING })
    ).toThrow(
      /shared corpus is missing .*no-such-corpus.*NBCRAFT_SHARED_CORPUS/
    );
    expect(corpusDirs({ NBCRAFT_SHARED_CORPUS: MISSING })).toEqual([
      SHIPPED_CORPUS
    ]);
    const shared = path.join(__dirname, 'fixtures');
    expect(corpusDirs({ CI: 'true', NBCRAFT_SHARED_CORPUS: shared })).toEqual([
      SHIPPED_CORPUS,
      shared
    ]);
  });

  it('tells the shipped corpus from another folder', () => {
    expect(isShippedCorpus(SHIPPED_CORPUS)).toBe(true);
    expect(isShippedCorpus(path.join(SHIPPED_CORPUS, '..', 'corpus'))).toBe(
      true
    );
    expect(isShippedCorpus(SHARED_CORPUS)).toBe(false);
  });

  it('every shipped notebook is named in SOURCES.md, and each licence file exists', () => {
    const sources = fs.readFileSync(
      path.join(SHIPPED_CORPUS, 'SOURCES.md'),
      'utf8'
    );
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? walk(p) : [p];
      });
    const notebooks = walk(SHIPPED_CORPUS).filter(f => /\.(ipynb|py)$/.test(f));
    expect(notebooks.length).toBeGreaterThanOrEqual(10);
    for (const f of notebooks) expect(sources).toContain(path.basename(f));
    for (const licence of sources.match(/LICENSES\/[\w.-]+\.txt/g) ?? [])
      expect(fs.existsSync(path.join(SHIPPED_CORPUS, licence))).toBe(true);
  });
});
