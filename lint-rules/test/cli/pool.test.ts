/**
 * A lint worker thread that fails (out of memory here, for real: its heap is capped) fails the
 * file it was linting, by name and with the reason, and every other file keeps its findings.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../src/config';
import { ConfigSource } from '../../src/cli/configLoader';
import type { LintJob } from '../../src/cli/job';
import { runJobs } from '../../src/cli/pool';

const pkgRoot = path.join(__dirname, '..', '..');
// the pool starts lib/cli/workerBoot.js: the built worker
const built = existsSync(path.join(pkgRoot, 'lib', 'cli', 'workerBoot.js'));
const fixtures = path.join(pkgRoot, 'test', 'fixtures', 'lint');

let dir: string;
let jobs: LintJob[];
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-pool-'));
  jobs = Array.from({ length: 12 }, (_, i) => {
    const display = `nb_${String(i).padStart(2, '0')}.ipynb`;
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(dir, display));
    return {
      abs: path.join(dir, display),
      display,
      explicit: true,
      fix: false,
      config: 0
    };
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sources: ConfigSource[] = [{ file: null, baseDir: '', raw: null }];

(built ? describe : describe.skip)('runJobs with worker threads', () => {
  it('a worker out of memory: its file fails by name and reason, the others keep their findings', async () => {
    const alone = await runJobs(jobs, sources, [defaultConfig()], {
      threads: 1
    });
    expect(alone.every(r => r && r.findings.length > 0 && !r.error)).toBe(true);

    // 12 files, two threads: this one and one worker, whose heap cannot even hold the library
    const results = await runJobs(jobs, sources, [defaultConfig()], {
      threads: 2,
      forceThreads: true,
      workerLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 }
    });
    const failed = results.filter(r => r?.error);
    expect(failed).toHaveLength(1);
    const [one] = failed;
    // this thread lints the first file before the worker starts: the worker's first is the second
    expect(one?.path).toBe('nb_01.ipynb');
    expect(one?.error?.kind).toBe('internal');
    expect(one?.error?.message).toMatch(
      /^nbcraft failed while linting: .*memory/
    );
    expect(one?.findings).toEqual([]);
    // every other file, the one queued behind the failed one included, as linted alone
    results.forEach((r, i) => {
      if (i !== 1) {
        expect(r).toEqual(alone[i]);
      }
    });
  });
});
