/**
 * `nbcraft promote` reads its defaults (`promote.moduleDir`, `promote.testsDir`) from the nearest
 * config between the notebook's folder and the current folder: that walk stops where the lint
 * config walk and NB105's do (cli/projectWalk.ts) and reads the files as the lint does (a regular
 * file of 1 MB at most, not a link). It read any file, links to /proc included, and used a config
 * in a folder anyone may write into or another user owns.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeIo } from '../../src/cli/io';
import { promoteDefaults } from '../../src/cli/promoteDefaults';
import { ipynbText, promoteIn } from '../promote/helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-promote-walk-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}
const NOTEBOOK = ipynbText(['x = 2', 'y = x * 2', 'print(y)']);

describe("where promote's walk up to its defaults stops", () => {
  it('a config planted in a sticky world-writable folder is not used, nor one above it (as the lint walk)', async () => {
    write(
      'nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'src/mine' } })
    );
    write(
      'shared/nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'src/planted' } })
    );
    chmodSync(path.join(dir, 'shared'), 0o1777);
    write('shared/work/nb.ipynb', NOTEBOOK);
    const r = await promoteIn(dir, 'shared/work/nb.ipynb', '--cells', '2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'src/planted'))).toBe(false);
    expect(existsSync(path.join(dir, 'src/mine'))).toBe(false);
    const pkg = path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_');
    expect(existsSync(path.join(dir, 'src', pkg, 'nb.py'))).toBe(true);
    // below it, a folder of one's own is read
    write(
      'shared/work/nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'src/own' } })
    );
    write('shared/work/nb2.ipynb', NOTEBOOK);
    const own = await promoteIn(dir, 'shared/work/nb2.ipynb', '--cells', '2');
    expect(own.code).toBe(0);
    expect(existsSync(path.join(dir, 'src/own/nb2.py'))).toBe(true);
  });

  it('a config planted in a world-writable folder without the sticky bit (0777) is not used (rv7 F1)', async () => {
    write(
      'shared/nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'src/planted' } })
    );
    chmodSync(path.join(dir, 'shared'), 0o777);
    write('shared/work/nb.ipynb', NOTEBOOK);
    const r = await promoteIn(dir, 'shared/work/nb.ipynb', '--cells', '2');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'src/planted'))).toBe(false);
  });

  it('a config found on the way that links to a /proc file is refused, its text not shown', async () => {
    write('nbs/nb.ipynb', NOTEBOOK);
    symlinkSync('/proc/self/status', path.join(dir, 'nbs', 'nbcraft.json'));
    const r = await promoteIn(dir, 'nbs/nb.ipynb', '--cells', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'nbs/nbcraft.json: a symbolic link, not read (a config found upwards must be a regular file'
    );
    expect(r.err).not.toMatch(/VmRSS|Pid|Name:/);
  });

  it('a folder replaced between its judgement and the read of its config is not used (rv9 W4)', async () => {
    const root = realpathSync(dir);
    const nbs = path.join(root, 'nbs');
    write('nbs/nbcraft.json', JSON.stringify({ promote: { moduleDir: 'a' } }));
    const io = nodeIo({ cwd: root, env: {} });
    const read = io.readText.bind(io);
    let swapped = false;
    io.readText = (file, bound) => {
      if (!swapped && file.startsWith(nbs + path.sep)) {
        swapped = true;
        renameSync(nbs, `${nbs}.old`);
        write(
          'nbs/nbcraft.json',
          JSON.stringify({ promote: { moduleDir: 'b' } })
        );
      }
      return read(file, bound);
    };
    expect(await promoteDefaults(io, nbs, root)).toEqual({});
    expect(swapped).toBe(true);
  });
});
