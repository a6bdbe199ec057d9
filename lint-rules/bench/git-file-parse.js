// cd lint-rules && [PYTHON=…] node bench/git-file-parse.js [LIBDIR ...]   (default LIBDIR: ./lib)
// How long the CLI's inGitFolder (lib/cli/writeTargets.js) and the lab's in_git_folder
// (nbcraft/promote/git_folder.py, with the repository's .venv python) take on a file below a
// planted `.git` file of growing size, in two shapes: `gitdir: a` + N spaces + `x` (the s18-fixsec
// review's: a pattern over the whole file backtracked quadratically) and `gitdir: ` + `a/` repeated
// to N bytes (the s19 review's D1: the lab's realpath of it was quadratic in its parts); then,
// the `.git` gone, a `HEAD` of growing size in the file's project folder beside `objects/` and
// `refs/` (`ref:` + N spaces + `refs/x`: read as git reads one, its first 255 bytes only; the
// s19-fixsec2 fix). Prints ms per shape and size.
// A lib taking longer than 20 s at one size is stopped and the larger sizes skipped.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const libs = process.argv.slice(2);
if (!libs.length) libs.push(path.join(__dirname, '..', 'lib'));
const sizes = [1024, 4096, 16384, 65536, 1 << 20];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-git-file-'));
const file = path.join(dir, 'proj', 'src', 'm.py');
fs.mkdirSync(path.dirname(file), { recursive: true });
// PYTHON: another interpreter (a worktree has no .venv of its own)
const python =
  process.env.PYTHON ||
  path.join(__dirname, '..', '..', '.venv', 'bin', 'python');

function timed(args, cwd) {
  const r = spawnSync(args[0], args.slice(1), {
    cwd,
    encoding: 'utf8',
    timeout: 20000
  });
  if (r.error && r.error.code === 'ETIMEDOUT') return 'over 20 s (stopped)';
  if (r.error || r.status !== 0)
    throw new Error(`${args.join(' ').slice(0, 200)}: ${r.error || r.stderr}`);
  return `${r.stdout.trim()} ms`;
}

try {
  for (const lib of libs) {
    const root = path.resolve(lib, '..', '..');
    for (const [name, cmd] of [
      [
        'cli',
        () => [
          process.execPath,
          '-e',
          `const {inGitFolder}=require(${JSON.stringify(path.resolve(lib, 'cli', 'writeTargets.js'))});` +
            `const t=process.hrtime.bigint();inGitFolder(${JSON.stringify(file)});` +
            `console.log(Number(process.hrtime.bigint()-t)/1e6)`
        ]
      ],
      [
        'lab',
        () => [
          python,
          '-c',
          'import sys,time,warnings;warnings.simplefilter("ignore");sys.path.insert(0,sys.argv[1]);' +
            'from nbcraft.promote.git_folder import in_git_folder as f;' +
            't=time.perf_counter();f(sys.argv[2]);print(round((time.perf_counter()-t)*1e3,1))',
          root,
          file
        ]
      ]
    ]) {
      for (const [planted, shape, text] of [
        ['.git', 'spaces', size => `gitdir: a${' '.repeat(size)}x`],
        [
          '.git',
          'bytes of a/a/…',
          size => `gitdir: ${'a/'.repeat(size >> 1)}\n`
        ],
        ['proj/HEAD', 'spaces', size => `ref:${' '.repeat(size)}refs/x`]
      ]) {
        const held = ['objects', 'refs'].map(f => path.join(dir, 'proj', f));
        if (planted === '.git') {
          held.forEach(f => fs.rmSync(f, { recursive: true, force: true }));
        } else {
          fs.rmSync(path.join(dir, '.git'), { force: true });
          held.forEach(f => fs.mkdirSync(f, { recursive: true }));
        }
        for (const size of sizes) {
          fs.writeFileSync(path.join(dir, planted), text(size));
          const said = timed(cmd(size), dir);
          console.log(
            `${name} ${root} ${planted} of ${size} ${shape}: ${said}`
          );
          if (said.startsWith('over')) break;
        }
      }
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
