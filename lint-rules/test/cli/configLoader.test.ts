/**
 * The config found upwards (nbcraft.json, pyproject.toml's [tool.nbcraft]) is read through the
 * bounded reader (cli/boundedRead.ts): /tmp/rv23 N1 found the loader read a link to a /proc
 * file whole. A link found upwards is refused with a located error, as a file over the limit is;
 * a file named with --config may be a link, and is bounded too.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
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
