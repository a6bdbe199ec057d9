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
import { PoolOptions, runJobs } from '../../src/cli/pool';

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
      root: dir,
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

// Node 22 and 24 abort the whole process when a worker's heap cannot even start the worker, and
// a single allocation over a worker's limit aborts it on every line: the out-of-memory case runs
// on Node 20 (the CLI's own line), the stopped worker on all
const node20 = process.versions.node.startsWith('20.');

(built ? describe : describe.skip)('runJobs with worker threads', () => {
  // 12 files, two threads: this one (which lints the first file before the worker starts, so
  // the worker's first file is the second) and one worker
  const run = (options: Partial<PoolOptions>) =>
    runJobs(jobs, sources, [defaultConfig()], {
      threads: 2,
      forceThreads: true,
      ...options
    });

  /** exactly one file failed, with the reason; every other one as linted alone */
  async function expectOneFailure(
    results: Awaited<ReturnType<typeof runJobs>>,
    reason: RegExp
  ) {
    const alone = await runJobs(jobs, sources, [defaultConfig()], {
      threads: 1
    });
    expect(alone.every(r => r && r.findings.length > 0 && !r.error)).toBe(true);
    const failed = results.flatMap((r, i) => (r?.error ? [i] : []));
    expect(failed).toHaveLength(1);
    const one = results[failed[0]];
    expect(one?.path).toBe(jobs[failed[0]].display);
    expect(one?.error?.kind).toBe('internal');
    expect(one?.error?.message).toMatch(reason);
    expect(one?.findings).toEqual([]);
    // the files queued behind the failed one included
    results.forEach((r, i) => {
      if (i !== failed[0]) {
        expect(r).toEqual(alone[i]);
      }
    });
    return failed[0];
  }

  (node20 ? it : it.skip)(
    'a worker out of memory: its file fails by name and reason, the others keep their findings',
    async () => {
      // a heap too small for the library: it fails on the first file it was given
      const results = await run({
        workerLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 }
      });
      expect(
        await expectOneFailure(
          results,
          /^nbcraft failed while linting: .*out of memory/
        )
      ).toBe(1);
    }
  );

  it('a worker stopped (terminate) before it answers: the file it was given first fails, no other', async () => {
    // stopped at once, it can answer nothing: the outcome does not depend on timing
    const results = await run({
      onWorker: worker => {
        void worker.terminate();
      }
    });
    expect(
      await expectOneFailure(
        results,
        /^nbcraft failed while linting: a lint worker stopped \(exit code \d+\)$/
      )
    ).toBe(1);
  });
});
