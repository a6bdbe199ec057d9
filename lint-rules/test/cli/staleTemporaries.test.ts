/**
 * A run killed between staging and renaming (SIGKILL: nothing of the run's own clean-up
 * runs) left `.nbcraft-<pid>-<random>.tmp` holding the module's text, and no later run removed
 * it (review s20: 1 of 40 `kill -9` runs of `nbcraft promote`). The next run that writes in
 * the folder removes it, and nothing that is not a killed run's own temporary file.
 */
import { spawn, spawnSync } from 'child_process';
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
import { notebookText } from '../rules/ruleTester';
import { foldersPerTest, runIn, taggedNotebookIn } from './writeHelpers';

// the module object staleTemporaries.ts calls into (an `import *` is a frozen copy)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('fs') = require('fs');

afterEach(() => jest.restoreAllMocks());

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
  // named, as a failed write named it left behind
  expect(run.err).toBe(
    `nbcraft promote: removed ${left}, a temporary file a killed nbcraft run left\n`
  );
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

/** A pid no process runs: a node process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

/** `count` notebooks in `folder` with trailing spaces (NB208: `--fix` under strict); their names. */
function fixableNotebooks(folder: string, count: number): string[] {
  writeFileSync(path.join(folder, 'nbcraft.json'), '{"extends":"strict"}');
  const names = Array.from({ length: count }, (_, i) => `nb${i}.ipynb`);
  names.forEach((name, i) => {
    writeFileSync(
      path.join(folder, name),
      notebookText([`x${i} = ${i}   \nprint(x${i})`])
    );
  });
  return names;
}

/** How many times the folders are listed (fs.readdirSync) while `work` runs. */
async function listings(folders: string[], work: () => Promise<unknown>) {
  const readdir = fs.readdirSync;
  let n = 0;
  jest.spyOn(fs, 'readdirSync').mockImplementation(((...a: unknown[]) => {
    if (folders.includes(a[0] as string)) n++;
    return (readdir as (...b: unknown[]) => unknown)(...a);
  }) as never);
  try {
    await work();
  } finally {
    jest.restoreAllMocks();
  }
  return n;
}

it('--fix lists a folder once for all the files it fixes there, not once per file (review s20 D5)', async () => {
  const { repo } = folders;
  const names = fixableNotebooks(repo, 5);
  const n = await listings([repo], async () => {
    const run = await runIn(repo, ['lint', '--fix', ...names]);
    expect(run.code).toBe(0);
  });
  for (const name of names)
    expect(readFileSync(path.join(repo, name), 'utf8')).not.toContain('   \\n');
  expect(n).toBe(1);
});

it("--fix removes a killed run's temporary file where it wrote a fix, and says so on stderr", async () => {
  const { repo } = folders;
  mkdirSync(path.join(repo, 'sub'));
  const [name] = fixableNotebooks(path.join(repo, 'sub'), 1);
  const left = `.nbcraft-${deadPid()}-0123456789ab.tmp`;
  for (const folder of [path.join(repo, 'sub'), repo]) {
    writeFileSync(path.join(folder, left), '{}');
    aged(path.join(folder, left));
  }
  const run = await runIn(repo, ['lint', '--fix', `sub/${name}`]);
  expect(run.code).toBe(0);
  expect(run.err).toBe(
    `nbcraft: removed sub/${left}, a temporary file a killed nbcraft run left\n`
  );
  expect(temporaries(path.join(repo, 'sub'))).toEqual([]);
  expect(temporaries(repo)).toEqual([left]); // no fix written there: not listed
});

it('a plain lint, and a report written with -o, list no folder for left-overs', async () => {
  const { repo, dir } = folders;
  const names = fixableNotebooks(repo, 2);
  const left = `.nbcraft-${deadPid()}-0123456789ab.tmp`;
  writeFileSync(path.join(dir, left), '{}');
  aged(path.join(dir, left));
  const n = await listings([dir, repo], async () => {
    const run = await runIn(repo, [
      'lint',
      ...names,
      '-o',
      path.join(dir, 'r.sarif')
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toBe('');
  });
  expect(n).toBe(0);
  expect(existsSync(path.join(dir, 'r.sarif'))).toBe(true);
  expect(temporaries(dir)).toEqual([left]);
});
