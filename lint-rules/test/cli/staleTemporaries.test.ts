/**
 * A run killed between staging and renaming (SIGKILL: nothing of the run's own clean-up
 * runs) left `.nbcraft-<pid>-<random>.tmp` holding the module's text, and no later run removed
 * it (review s20: 1 of 40 `kill -9` runs of `nbcraft promote`). The next run that writes in
 * the folder removes it, and nothing that is not a killed run's own temporary file.
 */
import { spawn } from 'child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import {
  STALE_AFTER_MS,
  staleTemporaries
} from '../../src/cli/staleTemporaries';
import { foldersPerTest, runIn, taggedNotebookIn } from './writeHelpers';

const writeCommit = path.join(
  __dirname,
  '..',
  '..',
  'lib',
  'cli',
  'writeCommit.js'
);

const folders = foldersPerTest('nbcraft-stale-');

/**
 * A real process stages `text` for `file` through the CLI's own stage (the built library),
 * then is killed with SIGKILL before it renames; its pid once it is gone.
 */
async function killedAfterStaging(file: string, text: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(writeCommit)}).stageAll([[${JSON.stringify(file)}, ${JSON.stringify(text)}]]);` +
        "process.stdout.write('staged\\n'); setInterval(() => {}, 1000);"
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('staged')) resolve();
    });
    child.on('exit', code => {
      reject(new Error(`the stager exited (${code})`));
    });
  });
  const gone = new Promise(resolve => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  return child.pid!;
}

/** The file's modification time moved back, as if the run was killed a minute ago. */
function aged(file: string): void {
  const then = (Date.now() - 60_000) / 1000;
  utimesSync(file, then, then);
}

const temporaries = (folder: string) =>
  readdirSync(folder).filter(name => name.startsWith('.nbcraft-'));

it('removes the temporary file a promote killed with SIGKILL left, on the next promote there', async () => {
  const { repo } = folders;
  taggedNotebookIn(repo, 'mod.py');
  const pid = await killedAfterStaging(
    path.join(repo, 'mod.py'),
    'def build(x):\n    return x\n'
  );
  const [left] = temporaries(repo);
  expect(left).toMatch(new RegExp(`^\\.nbcraft-${pid}-[0-9a-f]{12}\\.tmp$`));
  expect(readFileSync(path.join(repo, left), 'utf8')).toContain('def build');
  aged(path.join(repo, left));

  const run = await runIn(repo, ['promote', 'nb.ipynb']);
  expect(run.code).toBe(0);
  expect(existsSync(path.join(repo, 'mod.py'))).toBe(true);
  expect(temporaries(repo)).toEqual([]);
});

it("leaves everything that is not a killed run's own temporary file", async () => {
  const { repo } = folders;
  taggedNotebookIn(repo, 'mod.py');
  const dead = await killedAfterStaging(path.join(repo, 'other.py'), 'X = 1\n');
  const [fresh] = temporaries(repo); // killed just now: could be a live run in another PID namespace
  const kept = [
    fresh,
    `.nbcraft-${dead}-0123456789ab.old`, // may hold the only copy of what a rename replaced
    `.nbcraft-${process.pid}-0123456789ab.tmp`, // a run still running
    `.nbcraft-${dead}-0123456789.tmp`, // not the shape stage gives
    `.nbcraft-${dead}-0123456789AB.tmp`,
    'run.nbcraft-export.tmp'
  ];
  for (const name of kept.slice(1)) {
    writeFileSync(path.join(repo, name), 'mine\n');
    aged(path.join(repo, name));
  }
  mkdirSync(path.join(repo, `.nbcraft-${dead}-aaaaaaaaaaaa.tmp`));
  symlinkSync('nb.ipynb', path.join(repo, `.nbcraft-${dead}-bbbbbbbbbbbb.tmp`));
  kept.push(
    `.nbcraft-${dead}-aaaaaaaaaaaa.tmp`,
    `.nbcraft-${dead}-bbbbbbbbbbbb.tmp`
  );

  const run = await runIn(repo, ['promote', 'nb.ipynb']);
  expect(run.code).toBe(0);
  for (const name of kept) expect(readdirSync(repo)).toContain(name);
});

it('finds a left-over only once it is STALE_AFTER_MS old and its pid runs no process', () => {
  const { repo } = folders;
  const name = '.nbcraft-4242-0123456789ab.tmp';
  writeFileSync(path.join(repo, name), 'X = 1\n');
  const written = Date.now();
  const dead = () => false;
  expect(staleTemporaries(repo, written, dead)).toEqual([]);
  expect(
    staleTemporaries(repo, written + STALE_AFTER_MS + 1000, () => true)
  ).toEqual([]);
  expect(
    staleTemporaries(repo, written + STALE_AFTER_MS + 1000, dead).map(
      s => s.tmp
    )
  ).toEqual([path.join(repo, name)]);
});
