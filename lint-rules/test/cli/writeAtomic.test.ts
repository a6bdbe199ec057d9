/**
 * `--output-file` and `--fix` write through writeFileAtomic: a temporary file renamed over the
 * target. Renamed over `/dev/null` (as root, in a CI container) it replaced the device with a
 * plain file, and every later `> /dev/null` of the machine wrote into that file; renamed over a
 * symbolic link it replaced the link. A FIFO stands in for the device here (a test must not
 * break the machine's /dev/null on the code before the fix).
 */
import { execFileSync, spawn } from 'child_process';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from '../../src/cli/io';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-write-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes into a FIFO (as into /dev/null or /dev/stdout) and leaves it a FIFO', async () => {
    const fifo = path.join(dir, 'report');
    execFileSync('mkfifo', [fifo]);
    const out = path.join(dir, 'read.txt');
    const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, out]);
    const done = new Promise<number | null>(resolve =>
      reader.on('exit', code => {
        resolve(code);
      })
    );
    try {
      await writeFileAtomic(fifo, '{"problems": 0}\n');
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(await done).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('{"problems": 0}\n');
    } finally {
      reader.kill();
    }
  });

  it('writes a symbolic link target in place, atomically, and keeps the link', async () => {
    const real = path.join(dir, 'real.ipynb');
    writeFileSync(real, 'old');
    const link = path.join(dir, 'link.ipynb');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
  });

  it('still replaces a regular file whole, and makes a new one', async () => {
    const file = path.join(dir, 'out.json');
    writeFileSync(file, 'a much longer old content');
    await writeFileAtomic(file, 'short');
    expect(readFileSync(file, 'utf8')).toBe('short');
    await writeFileAtomic(path.join(dir, 'new.json'), 'x');
    expect(readFileSync(path.join(dir, 'new.json'), 'utf8')).toBe('x');
  });
});
