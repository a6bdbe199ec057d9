/**
 * The config found upwards (nbcraft.json, pyproject.toml's [tool.nbcraft]) is read through the
 * bounded reader (cli/boundedRead.ts): /tmp/rv23 N1 found the loader read a link to a /proc
 * file whole. A link found upwards is refused with a located error, as a file over the limit is;
 * a file named with --config may be a link, and is bounded too.
 */
import { execFileSync } from 'child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigLoader } from '../../src/cli/configLoader';
import { nodeIo } from '../../src/cli/io';
import { ipynbText } from '../promote/helpers';
import { runIn } from './writeHelpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-cfgload-'));
  writeFileSync(
    path.join(dir, 'nb.ipynb'),
    JSON.stringify({
      cells: [],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    })
  );
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the config loader reads only bounded regular files', () => {
  it.each(['nbcraft.json', 'pyproject.toml'])(
    'a %s found upwards that links to a /proc file is refused, its text not shown',
    async name => {
      symlinkSync('/proc/self/status', path.join(dir, name));
      const { code, out, err } = await runIn(dir, ['lint', 'nb.ipynb']);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(
        `${name}: a symbolic link, not read (a config found upwards must be a regular file; name a linked one with --config)`
      );
      expect(err).not.toMatch(/VmRSS|Pid|Name:/);
    }
  );

  it('a FIFO found upwards is passed over without waiting for a writer', async () => {
    execFileSync('mkfifo', [path.join(dir, 'nbcraft.json')]);
    const { code, err } = await runIn(dir, ['lint', 'nb.ipynb']);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('a config over 1 MB is refused; one named with --config may be a link', async () => {
    writeFileSync(
      path.join(dir, 'real.json'),
      JSON.stringify({ extends: 'none', pad: 'x'.repeat(1100000) })
    );
    symlinkSync('real.json', path.join(dir, 'link.json'));
    const big = await runIn(dir, ['lint', '--config', 'link.json', 'nb.ipynb']);
    expect(big.code).toBe(2);
    expect(big.err).toContain('link.json: larger than 1048576 bytes, not read');
    writeFileSync(path.join(dir, 'real.json'), '{"extends": "none"}');
    const linked = await runIn(dir, [
      'lint',
      '--config',
      'link.json',
      'nb.ipynb'
    ]);
    expect(linked.err).toBe('');
    expect(linked.code).toBe(0);
  });
});

/**
 * The config walk stops where NB105's project-name walk stops (cli/projectWalk.ts): a config
 * above the git root, or in a folder anyone may write into (as /tmp) or another user owns, comes
 * from someone else and is not used; one in the repository's root is, from any subfolder.
 */
describe('where the walk up to a config stops', () => {
  /** a notebook at `rel` with one finding of the recommended rules (NB206, a bare except) */
  function notebookAt(rel: string): void {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, ipynbText(['try:\n    x = 1\nexcept:\n    pass\n']));
  }
  /** what a planted config says: every rule off */
  const SILENCE = JSON.stringify({ extends: 'none' });

  it('a config planted in a sticky world-writable folder (as /tmp) is not used, nor one above it; the user is told once', async () => {
    writeFileSync(path.join(dir, 'nbcraft.json'), SILENCE);
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared', 'nbcraft.json'), SILENCE);
    chmodSync(path.join(dir, 'shared'), 0o1777);
    notebookAt('shared/mine/nb.ipynb');
    notebookAt('shared/mine/two.ipynb');
    const mine = path.join(dir, 'shared', 'mine');
    const { code, out, err } = await runIn(mine, [
      'lint',
      '--format',
      'json',
      '.'
    ]);
    const results = JSON.parse(out) as { messages: { ruleId: string }[] }[];
    expect(results.map(r => r.messages.map(m => m.ruleId))).toEqual([
      ['bare-except'],
      ['bare-except']
    ]);
    expect(code).toBe(1);
    expect(err).toBe(
      'nbcraft: ../nbcraft.json not used: any user may create files in that folder (name it with --config to use it)\n'
    );
    // --config still names any file
    const named = await runIn(mine, [
      'lint',
      '--config',
      '../nbcraft.json',
      'nb.ipynb'
    ]);
    expect(named.err).toBe('');
    expect(named.code).toBe(0);
  });

  it('a pyproject.toml passed over is mentioned only when it has a [tool.nbcraft] table', async () => {
    mkdirSync(path.join(dir, 'shared'));
    chmodSync(path.join(dir, 'shared'), 0o1777);
    writeFileSync(
      path.join(dir, 'shared', 'pyproject.toml'),
      '[project]\nname = "theirs"\n'
    );
    notebookAt('shared/mine/nb.ipynb');
    const mine = path.join(dir, 'shared', 'mine');
    const plain = await runIn(mine, ['lint', 'nb.ipynb']);
    expect(plain.err).toBe('');
    expect(plain.code).toBe(1);
    writeFileSync(
      path.join(dir, 'shared', 'pyproject.toml'),
      '[project]\nname = "theirs"\n\n [ tool . nbcraft ]\nextends = "none"\n'
    );
    const told = await runIn(mine, ['lint', 'nb.ipynb']);
    expect(told.err).toBe(
      'nbcraft: ../pyproject.toml not used: any user may create files in that folder (name it with --config to use it)\n'
    );
    expect(told.code).toBe(1);
  });

  it('a config above the git root is not used; the one in the repository root is, from any subfolder', async () => {
    writeFileSync(path.join(dir, 'nbcraft.json'), SILENCE);
    mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
    notebookAt('repo/notebooks/deep/nb.ipynb');
    const above = await runIn(dir, ['lint', 'repo']);
    expect(above.err).toBe('');
    expect(above.code).toBe(1);
    writeFileSync(
      path.join(dir, 'repo', 'pyproject.toml'),
      '[tool.nbcraft]\nextends = "none"\n'
    );
    const inRoot = await runIn(path.join(dir, 'repo', 'notebooks'), [
      'lint',
      'deep/nb.ipynb'
    ]);
    expect(inRoot.err).toBe('');
    expect(inRoot.code).toBe(0);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    'a config in a folder owned by another user (not root) is not used',
    async () => {
      mkdirSync(path.join(dir, 'theirs'));
      writeFileSync(path.join(dir, 'theirs', 'nbcraft.json'), SILENCE);
      chownSync(path.join(dir, 'theirs'), 65534, 65534);
      notebookAt('theirs/mine/nb.ipynb');
      const { code, err } = await runIn(path.join(dir, 'theirs', 'mine'), [
        'lint',
        'nb.ipynb'
      ]);
      expect(code).toBe(1);
      expect(err).toBe(
        'nbcraft: ../nbcraft.json not used: that folder belongs to another user (name it with --config to use it)\n'
      );
    }
  );

  it('a config in a world-writable folder without the sticky bit (0777) is not used either (rv7 F1)', async () => {
    mkdirSync(path.join(dir, 'share'));
    writeFileSync(path.join(dir, 'share', 'nbcraft.json'), SILENCE);
    chmodSync(path.join(dir, 'share'), 0o777);
    notebookAt('share/bob/proj/nb.ipynb');
    const { code, err } = await runIn(path.join(dir, 'share', 'bob', 'proj'), [
      'lint',
      'nb.ipynb'
    ]);
    expect(code).toBe(1);
    expect(err).toBe(
      'nbcraft: ../../nbcraft.json not used: any user may create files in that folder (name it with --config to use it)\n'
    );
  });

  it('a config above the first folder passed over is named too, whatever folder the walk starts from (rv7 F10)', async () => {
    writeFileSync(path.join(dir, 'nbcraft.json'), SILENCE);
    mkdirSync(path.join(dir, 'share'));
    chmodSync(path.join(dir, 'share'), 0o777);
    notebookAt('share/mine/nb.ipynb');
    const { code, err } = await runIn(path.join(dir, 'share', 'mine'), [
      'lint',
      'nb.ipynb'
    ]);
    expect(code).toBe(1);
    expect(err).toBe(
      'nbcraft: ../../nbcraft.json not used: any user may create files in the folder .. below it (name it with --config to use it)\n'
    );
  });

  it('a folder reached through a symbolic link is judged and walked up by its real path (rv7 F11)', async () => {
    mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
    // found through the link, the config's ignore patterns still apply from its folder
    writeFileSync(
      path.join(dir, 'repo', 'nbcraft.json'),
      JSON.stringify({ ignore: ['sub/skipped.ipynb'] })
    );
    notebookAt('repo/sub/nb.ipynb');
    notebookAt('repo/sub/skipped.ipynb');
    mkdirSync(path.join(dir, 'lk'));
    symlinkSync(path.join(dir, 'repo', 'sub'), path.join(dir, 'lk', 'sub'));
    writeFileSync(path.join(dir, 'lk', 'nbcraft.json'), SILENCE);
    const { code, out, err } = await runIn(dir, [
      'lint',
      '--format',
      'json',
      'lk/sub/nb.ipynb',
      'lk/sub/skipped.ipynb',
      'repo/sub/skipped.ipynb'
    ]);
    expect(err).toBe('');
    expect(code).toBe(1);
    const results = JSON.parse(out) as {
      filePath: string;
      messages: { ruleId: string }[];
    }[];
    // lk/nbcraft.json (beside the link, not above the real folder) is not read
    expect(results.map(r => [r.filePath, r.messages.length])).toEqual([
      [path.join('lk', 'sub', 'nb.ipynb'), 1]
    ]);
  });

  it('a control character in a folder name is shown escaped in the "not used" line (rv7 F13)', async () => {
    const name = 'ev\nnbcraft: all good\u001b[2K';
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'nbcraft.json'), SILENCE);
    chmodSync(path.join(dir, name), 0o1777);
    notebookAt(`${name}/mine/nb.ipynb`);
    const { err } = await runIn(dir, [
      'lint',
      path.join(name, 'mine', 'nb.ipynb')
    ]);
    expect(err).toBe(
      'nbcraft: ev\\u000anbcraft: all good\\u001b[2K/nbcraft.json not used: any user may create files in that folder (name it with --config to use it)\n'
    );
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    "a config in a group-writable folder of root's whose group is not the user's is not used (rv7 F1)",
    async () => {
      mkdirSync(path.join(dir, 'team'));
      writeFileSync(path.join(dir, 'team', 'nbcraft.json'), SILENCE);
      chownSync(path.join(dir, 'team'), 0, 65534);
      chmodSync(path.join(dir, 'team'), 0o2775);
      notebookAt('team/mine/nb.ipynb');
      const { code, err } = await runIn(path.join(dir, 'team', 'mine'), [
        'lint',
        'nb.ipynb'
      ]);
      expect(code).toBe(1);
      expect(err).toBe(
        'nbcraft: ../nbcraft.json not used: the members of another group may create files in that folder (name it with --config to use it)\n'
      );
    }
  );

  (process.getuid?.() === 0 ? it : it.skip)(
    "the root config of a checkout another user owns is used from a subfolder: it is the notebook's own repository (rv7 F10)",
    async () => {
      mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
      writeFileSync(path.join(dir, 'repo', 'nbcraft.json'), SILENCE);
      notebookAt('repo/sub/nb.ipynb');
      execFileSync('chown', ['-R', '65534:65534', path.join(dir, 'repo')]);
      const { code, err } = await runIn(path.join(dir, 'repo', 'sub'), [
        'lint',
        'nb.ipynb'
      ]);
      expect(err).toBe('');
      expect(code).toBe(0);
    }
  );

  (process.getuid?.() === 0 ? it : it.skip)(
    "as root, a folder root made in another user's checkout (CI writing out/) keeps the checkout's config (rv9 W3)",
    async () => {
      // run as root, a root-owned folder cannot be told from root's own folder: a .git another
      // user made above one is their checkout too (a non-root user's own folder still ends the
      // chain: projectWalk.test.ts)
      mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
      writeFileSync(path.join(dir, 'repo', 'nbcraft.json'), SILENCE);
      notebookAt('repo/out/nb.ipynb');
      chownSync(path.join(dir, 'repo'), 65534, 65534);
      const { code, err } = await runIn(path.join(dir, 'repo', 'out'), [
        'lint',
        'nb.ipynb'
      ]);
      expect(err).toBe('');
      expect(code).toBe(0);
    }
  );

  it('a folder replaced between its judgement and the read of its config is not used (rv9 W4)', async () => {
    const root = realpathSync(dir);
    const proj = path.join(root, 'proj');
    mkdirSync(proj);
    writeFileSync(path.join(proj, 'nbcraft.json'), '{}');
    const said: string[] = [];
    const io = nodeIo({ cwd: root, env: {}, stderr: t => said.push(t) });
    const read = io.readText.bind(io);
    let swapped = false;
    // whoever may rename in the parent swaps the folder once it was judged (/tmp/rv9/e_swap.js)
    io.readText = (file, bound) => {
      if (!swapped && file.startsWith(proj + path.sep)) {
        swapped = true;
        renameSync(proj, `${proj}.old`);
        mkdirSync(proj);
        writeFileSync(path.join(proj, 'nbcraft.json'), SILENCE);
      }
      return read(file, bound);
    };
    const found = await new ConfigLoader(io).forFile(
      path.join(proj, 'nb.ipynb')
    );
    expect(found.source.file).toBe(null);
    expect(said).toEqual([
      'nbcraft: proj/nbcraft.json not used: that folder was replaced while it was read (name it with --config to use it)\n'
    ]);
  });
});
