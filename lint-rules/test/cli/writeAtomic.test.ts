/**
 * `--output-file`, `--fix` and promote write through writeFileSafely: a temporary file renamed
 * over the target. Renamed over `/dev/null` (as root, in a CI container) it replaced the device
 * with a plain file, and every later `> /dev/null` of the machine wrote into that file; renamed
 * over a symbolic link it replaced the link. A FIFO stands in for the device here (a test must
 * not break the machine's /dev/null on the code before the fix).
 */
import { execFileSync, spawn } from 'child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from '../../src/cli/io';
import { type WriteOptions } from '../../src/cli/write';

let dir: string;
let report: WriteOptions;
let project: WriteOptions;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-write-atomic-'));
  mkdirSync(path.join(dir, 'repo'));
  report = { root: path.join(dir, 'repo'), links: 'replace' };
  project = { root: path.join(dir, 'repo'), links: 'refuse' };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes into a FIFO (as into /dev/null or /dev/stdout) and leaves it a FIFO', async () => {
    const fifo = path.join(dir, 'repo', 'report');
    execFileSync('mkfifo', [fifo]);
    const out = path.join(dir, 'read.txt');
    const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, out]);
    const done = new Promise<number | null>(resolve =>
      reader.on('exit', code => {
        resolve(code);
      })
    );
    try {
      await writeFileAtomic(fifo, '{"problems": 0}\n', report);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(await done).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('{"problems": 0}\n');
    } finally {
      reader.kill();
    }
  });

  it('writes a symbolic link target inside the folder in place, atomically, and keeps the link', async () => {
    const real = path.join(dir, 'repo', 'real.ipynb');
    writeFileSync(real, 'old');
    const link = path.join(dir, 'repo', 'link.ipynb');
    symlinkSync('real.ipynb', link);
    for (const options of [report, project]) {
      await writeFileAtomic(link, `new ${options.links}`, options);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(real, 'utf8')).toBe(`new ${options.links}`);
    }
  });

  it('makes the missing target of a dangling link inside the folder, and keeps the link', async () => {
    const link = path.join(dir, 'repo', 'link.ipynb');
    symlinkSync('sub/made.ipynb', link);
    mkdirSync(path.join(dir, 'repo', 'sub'));
    await writeFileAtomic(link, 'made', project);
    expect(readlinkSync(link)).toBe('sub/made.ipynb');
    expect(
      readFileSync(path.join(dir, 'repo', 'sub', 'made.ipynb'), 'utf8')
    ).toBe('made');
  });

  it('never writes through a link leading out of the folder: the project write is refused, the report replaces the link', async () => {
    const victim = path.join(dir, 'authorized_keys');
    writeFileSync(victim, 'key\n');
    const link = path.join(dir, 'repo', 'results.sarif');
    symlinkSync('../authorized_keys', link);
    await expect(writeFileAtomic(link, 'fixed', project)).rejects.toThrow(
      'results.sarif leads outside the current folder through a symbolic link; nbcraft only writes inside it'
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    await writeFileAtomic(link, '{"runs": []}', report);
    expect(readFileSync(victim, 'utf8')).toBe('key\n');
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link, 'utf8')).toBe('{"runs": []}');
    // a dangling link out: its target is not made
    const dangling = path.join(dir, 'repo', 'new.sarif');
    symlinkSync('../made-outside', dangling);
    await expect(writeFileAtomic(dangling, 'x', project)).rejects.toThrow(
      'leads outside the current folder'
    );
    await writeFileAtomic(dangling, 'x', report);
    expect(() => lstatSync(path.join(dir, 'made-outside'))).toThrow('ENOENT');
    expect(readFileSync(dangling, 'utf8')).toBe('x');
  });

  it('refuses a file below a folder link leading out, for the report too', async () => {
    mkdirSync(path.join(dir, 'home'));
    symlinkSync('../home', path.join(dir, 'repo', 'reports'));
    const file = path.join(dir, 'repo', 'reports', 'authorized_keys');
    for (const options of [report, project])
      await expect(writeFileAtomic(file, 'x', options)).rejects.toThrow(
        'reports/authorized_keys leads outside the current folder through a symbolic link'
      );
    expect(() => lstatSync(path.join(dir, 'home', 'authorized_keys'))).toThrow(
      'ENOENT'
    );
  });

  it('says a link to a folder is a folder (was: internal error EISDIR)', async () => {
    mkdirSync(path.join(dir, 'repo', 'out'));
    symlinkSync('out', path.join(dir, 'repo', 'out.json'));
    await expect(
      writeFileAtomic(path.join(dir, 'repo', 'out.json'), 'x', report)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message: 'out.json is a folder, not a file'
    });
  });

  it("keeps the file's mode under umask 022 (0664 stayed 0644, 0775 became 0755)", async () => {
    const old = process.umask(0o022);
    try {
      for (const mode of [0o664, 0o775, 0o600]) {
        const file = path.join(dir, 'repo', `f${mode.toString(8)}`);
        writeFileSync(file, 'old');
        chmodSync(file, mode);
        await writeFileAtomic(file, 'new', project);
        expect((statSync(file).mode & 0o7777).toString(8)).toBe(
          mode.toString(8)
        );
        expect(readFileSync(file, 'utf8')).toBe('new');
      }
    } finally {
      process.umask(old);
    }
  });

  it('still replaces a regular file whole, and makes a new one', async () => {
    const file = path.join(dir, 'repo', 'out.json');
    writeFileSync(file, 'a much longer old content');
    await writeFileAtomic(file, 'short', report);
    expect(readFileSync(file, 'utf8')).toBe('short');
    await writeFileAtomic(path.join(dir, 'repo', 'new.json'), 'x', report);
    expect(readFileSync(path.join(dir, 'repo', 'new.json'), 'utf8')).toBe('x');
  });
});
