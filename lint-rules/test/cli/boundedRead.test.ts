/**
 * The one bounded reader of the CLI's small files (cli/boundedRead.ts): NB511's notebooks, NB105's
 * project metadata and the config found upwards. /tmp/rv23 N1: a link to /proc/self/pagemap (a
 * "regular" file of size 0 that reads hundreds of GB) aborted `nbcraft lint` with std::bad_alloc.
 */
import { execFileSync } from 'child_process';
import {
  existsSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BoundedReadError, readBounded } from '../../src/cli/boundedRead';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-bounded-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** the reason readBounded refused `file` for, or its text */
function outcome(file: string, limit: number, followLinks = false): string {
  try {
    return readBounded(file, limit, { followLinks }).toString('utf8');
  } catch (err) {
    if (err instanceof BoundedReadError) return `refused: ${err.reason}`;
    const code = (err as NodeJS.ErrnoException).code;
    if (code) return `error: ${code}`;
    throw err;
  }
}

const pagemap = '/proc/self/pagemap';
const hasPagemap = existsSync(pagemap);

describe('readBounded', () => {
  it('reads a regular file up to the limit, refuses one larger', () => {
    const file = path.join(dir, 'a.toml');
    writeFileSync(file, 'x'.repeat(100));
    expect(outcome(file, 100)).toBe('x'.repeat(100));
    expect(outcome(file, 99)).toBe('refused: too-large');
  });

  it('refuses a link unless told to follow it, and a FIFO without waiting for a writer', () => {
    writeFileSync(path.join(dir, 'real'), 'ok');
    symlinkSync('real', path.join(dir, 'link'));
    expect(outcome(path.join(dir, 'link'), 100)).toBe('refused: link');
    expect(outcome(path.join(dir, 'link'), 100, true)).toBe('ok');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(outcome(path.join(dir, 'fifo'), 100)).toBe('refused: not-file');
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    expect(outcome(path.join(dir, 'zero'), 100, true)).toBe(
      'refused: not-file'
    );
    expect(outcome(path.join(dir, 'absent'), 100)).toBe('error: ENOENT');
  });

  (hasPagemap ? it : it.skip)(
    'a /proc file of size 0 that reads without end is cut at the limit, through a link too',
    () => {
      symlinkSync(pagemap, path.join(dir, 'pyproject.toml'));
      const t0 = Date.now();
      expect(outcome(path.join(dir, 'pyproject.toml'), 1 << 20)).toBe(
        'refused: link'
      );
      // pagemap reads only in steps of 8 bytes: the last byte past the limit fails with EINVAL
      const cut = /^refused: too-large$|^error: EINVAL$/;
      expect(outcome(path.join(dir, 'pyproject.toml'), 1 << 20, true)).toMatch(
        cut
      );
      expect(outcome(pagemap, 1 << 20)).toMatch(cut);
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  );
});
