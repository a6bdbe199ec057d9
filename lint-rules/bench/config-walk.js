// cd lint-rules && node bench/config-walk.js [LIBDIR ...]   (default LIBDIR: ./lib)
// The walk up from each notebook's folder (lib/cli/projectWalk.js), as the lint runs it: the
// config loader (ConfigLoader.forFile) and NB105's project names (ProjectNames.of) sharing one
// ProjectWalk, over (a) one folder N deep (250, 500, 1,000: a path stays under PATH_MAX) in a git repository, the config
// at its root, and (b) W sibling folders (5,000, 20,000) of one repository, each a notebook's;
// both with a config passed over above the repository's root (a 0777 folder), so the "not used"
// look-up runs too. Prints ms per case; each case should grow linearly with N or W.
const fs = require('fs');
const os = require('os');
const path = require('path');

const libs = process.argv.slice(2);
if (!libs.length) libs.push(path.join(__dirname, '..', 'lib'));
const top = fs.realpathSync(
  fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-cfgwalk-'))
);

/** a fresh tree: top/shared (0777, a config) / repo (.git, a config) / the notebooks' folders */
function tree(folders) {
  const shared = path.join(top, 'shared');
  fs.rmSync(shared, { recursive: true, force: true });
  const repo = path.join(shared, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.writeFileSync(path.join(shared, 'nbcraft.json'), '{"extends":"none"}');
  fs.writeFileSync(
    path.join(repo, 'nbcraft.json'),
    '{"extends":"recommended"}'
  );
  fs.chmodSync(shared, 0o777);
  return folders(repo);
}

async function time(lib, dirs) {
  const { nodeIo } = require(path.resolve(lib, 'cli', 'io.js'));
  const { ConfigLoader } = require(path.resolve(lib, 'cli', 'configLoader.js'));
  const { ProjectNames } = require(path.resolve(lib, 'cli', 'projectNames.js'));
  const { ProjectWalk } = require(path.resolve(lib, 'cli', 'projectWalk.js'));
  const io = nodeIo({ stderr: () => undefined });
  const walk = new ProjectWalk({ home: io.env.HOME });
  const loader = new ConfigLoader(io, undefined, walk);
  const names = new ProjectNames(io.cwd, () => undefined, { walk });
  const t0 = process.hrtime.bigint();
  for (const d of dirs) {
    const file = path.join(d, 'nb.ipynb');
    await loader.forFile(file);
    names.of(file);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

(async () => {
  try {
    for (const lib of libs) {
      for (const depth of [250, 500, 1000]) {
        const dirs = tree(repo => {
          // one path of `depth` folders; a notebook only in the deepest
          let d = repo;
          for (let i = 0; i < depth; i++) d = path.join(d, 'a');
          fs.mkdirSync(d, { recursive: true });
          return [d];
        });
        console.log(
          `${lib}\tdeep ${depth}\t${(await time(lib, dirs)).toFixed(1)} ms`
        );
      }
      for (const width of [5000, 20000]) {
        const dirs = tree(repo => {
          const out = [];
          for (let i = 0; i < width; i++) {
            const d = path.join(repo, 'n', `f${i}`);
            fs.mkdirSync(d, { recursive: true });
            out.push(d);
          }
          return out;
        });
        console.log(
          `${lib}\twide ${width}\t${(await time(lib, dirs)).toFixed(1)} ms`
        );
      }
    }
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
})();
