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
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import { createServer } from 'net';
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

  it('refuses a project link even inside the folder (was: written through, the link kept); the report replaces it', async () => {
    const real = path.join(dir, 'repo', 'real.ipynb');
    writeFileSync(real, 'old');
    const link = path.join(dir, 'repo', 'link.ipynb');
    symlinkSync('real.ipynb', link);
    await expect(writeFileAtomic(link, 'new', project)).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message:
        'link.ipynb is a symbolic link (to real.ipynb); nbcraft writes no file through a link: replace the link by the file, or name its target'
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('old');
    await writeFileAtomic(link, 'report', report);
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link, 'utf8')).toBe('report');
    expect(readFileSync(real, 'utf8')).toBe('old');
  });

  it('refuses a dangling link inside the folder and makes nothing (was: its target made)', async () => {
    const link = path.join(dir, 'repo', 'link.ipynb');
    symlinkSync('sub/made.ipynb', link);
    mkdirSync(path.join(dir, 'repo', 'sub'));
    await expect(writeFileAtomic(link, 'made', project)).rejects.toThrow(
      'link.ipynb is a symbolic link (to sub/made.ipynb)'
    );
    expect(readlinkSync(link)).toBe('sub/made.ipynb');
    expect(readdirSync(path.join(dir, 'repo', 'sub'))).toEqual([]);
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

  it('says a folder is a folder (was: internal error EISDIR)', async () => {
    mkdirSync(path.join(dir, 'repo', 'out'));
    symlinkSync('out', path.join(dir, 'repo', 'out.json'));
    await expect(
      writeFileAtomic(path.join(dir, 'repo', 'out'), 'x', project)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message: 'out is a folder, not a file'
    });
    await expect(
      writeFileAtomic(path.join(dir, 'repo', 'out.json'), 'x', project)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message:
        'out.json is a symbolic link (to out); nbcraft writes no file through a link: replace the link by the file, or name its target'
    });
    await expect(
      writeFileAtomic(path.join(dir, 'repo', 'out'), 'x', report)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message: 'out is a folder, not a file'
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

  it('the report replaces any link itself: to itself, through a file, below a missing folder, to .git/config (was: internal error ELOOP, ENOTDIR, ENOENT; .git/config overwritten)', async () => {
    const repo = path.join(dir, 'repo');
    mkdirSync(path.join(repo, '.git'));
    writeFileSync(path.join(repo, '.git', 'config'), '[core]\n');
    writeFileSync(path.join(repo, 'nb.ipynb'), '{}');
    const links: Record<string, string> = {
      'r1.sarif': 'r1.sarif',
      'r2.sarif': 'nb.ipynb/x',
      'r6.sarif': 'missing/dir/r.sarif',
      'r7.sarif': '.git/config'
    };
    for (const [name, target] of Object.entries(links)) {
      symlinkSync(target, path.join(repo, name));
      await writeFileAtomic(path.join(repo, name), `{"${name}": 1}`, report);
      expect(lstatSync(path.join(repo, name)).isFile()).toBe(true);
      expect(readFileSync(path.join(repo, name), 'utf8')).toBe(
        `{"${name}": 1}`
      );
    }
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(
      '[core]\n'
    );
    expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe('{}');
    expect(() => lstatSync(path.join(repo, 'missing'))).toThrow('ENOENT');
  });

  it('a report path that cannot be written is a one-line refusal (was: internal error ENOTDIR, ELOOP)', async () => {
    const repo = path.join(dir, 'repo');
    writeFileSync(path.join(repo, 'nb.ipynb'), '{}');
    symlinkSync('loop', path.join(repo, 'loop'));
    await expect(
      writeFileAtomic(path.join(repo, 'nb.ipynb', 'r.sarif'), 'x', report)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message:
        'cannot write the report to nb.ipynb/r.sarif: ENOTDIR (a part of the path is not a folder)'
    });
    await expect(
      writeFileAtomic(path.join(repo, 'loop', 'r.sarif'), 'x', report)
    ).rejects.toMatchObject({
      name: 'WriteRefusedError',
      message:
        'cannot write the report to loop/r.sarif: ELOOP (too many symbolic links)'
    });
    expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe('{}');
  });

  it('refuses a socket as the report at once, with its own message (was: ENXIO, 2 s, "a FIFO no program reads from")', async () => {
    const sock = path.join(dir, 'repo', 'report.sock');
    const server = createServer();
    await new Promise<void>(resolve => server.listen(sock, resolve));
    try {
      const started = Date.now();
      await expect(writeFileAtomic(sock, 'x', report)).rejects.toMatchObject({
        name: 'WriteRefusedError',
        message:
          'report.sock is a socket; nbcraft writes a report into a file, a FIFO or a device'
      });
      expect(Date.now() - started).toBeLessThan(1500);
      expect(lstatSync(sock).isSocket()).toBe(true);
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('a temporary file with a bounded name: a 250-character file name is written (was: ENAMETOOLONG)', async () => {
    const file = path.join(dir, 'repo', `${'n'.repeat(244)}.ipynb`);
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new', project);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(path.join(dir, 'repo'))).toEqual([path.basename(file)]);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    "as root keeps another owner's setgid bit (was: chmod, then chown cleared it)",
    async () => {
      const file = path.join(dir, 'repo', 'tool.sh');
      writeFileSync(file, 'old');
      chownSync(file, 1234, 1234);
      chmodSync(file, 0o2755);
      await writeFileAtomic(file, 'new', project);
      const st = statSync(file);
      expect([st.uid, st.gid]).toEqual([1234, 1234]);
      expect((st.mode & 0o7777).toString(8)).toBe('2755');
    }
  );
});
