/** How many threads `nbcraft lint` uses, and that workers (each with a queued job) change nothing. */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { threadBudget } from '../../src/cli/lintCommand';

describe('threadBudget', () => {
  it('uses the idle cores, up to the number wanted', () => {
    expect(threadBudget(8, 0, 8)).toBe(8);
    expect(threadBudget(8, 0, 3)).toBe(3);
    expect(threadBudget(2, 0.2, 8)).toBe(2);
    expect(threadBudget(8, 5, 8)).toBe(3);
  });

  it('a busy machine gets one thread: a worker would only add CPU', () => {
    expect(threadBudget(2, 1.6, 8)).toBe(1);
    expect(threadBudget(2, 7.5, 8)).toBe(1);
    expect(threadBudget(1, 0, 8)).toBe(1);
  });
});

describe('worker threads (the built CLI)', () => {
  const pkgRoot = path.join(__dirname, '..', '..');
  const bin = path.join(pkgRoot, 'bin', 'nbcraft.js');
  const built = existsSync(path.join(pkgRoot, 'lib', 'cli', 'main.js'));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-threads-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  (built ? it : it.skip)(
    'gives the same output, in the same order, with one thread and with workers',
    () => {
      const fixtures = path.join(pkgRoot, 'test', 'fixtures', 'lint');
      const names = ['findings.ipynb', 'clean.ipynb', 'databricks.py'];
      for (let i = 0; i < 30; i++) {
        const name = names[i % names.length];
        cpSync(
          path.join(fixtures, name),
          path.join(dir, `nb_${String(i).padStart(2, '0')}_${name}`)
        );
      }
      const lint = (threads: string) =>
        spawnSync(process.execPath, [bin, 'lint', '--format', 'json', '.'], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, NBCRAFT_THREADS: threads }
        });
      const one = lint('1');
      // 30 files: up to four threads (this one, and workers fed two jobs at a time)
      const many = lint('4');
      expect(one.status).toBe(1);
      expect(many.status).toBe(1);
      expect(many.stderr).toBe('');
      expect(many.stdout).toBe(one.stdout);
      expect(JSON.parse(one.stdout)).toHaveLength(30);
    }
  );
});
