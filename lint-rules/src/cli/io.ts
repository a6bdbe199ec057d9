/**
 * Every side effect of the CLI (files, terminal, environment) behind one small interface, so the
 * commands run end to end in tests with a real temp folder and captured output.
 */
import { execFileSync } from 'child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RepositoryState } from '../engine/types';
import { ciSafe } from '../promote/controlCharacters';
import { RepositoryStates } from './gitState';
import { readBounded, type BoundedReadOptions } from './boundedRead';
import { writeFileSafely, writeProjectFiles, type WriteOptions } from './write';

export class BinaryFileError extends Error {
  constructor(
    readonly path: string,
    /** 1-based position of the first NUL byte, when known */
    readonly line?: number,
    readonly column?: number,
    /** the file starts with a UTF-16 byte order mark */
    readonly utf16 = false
  ) {
    super(
      utf16 ? 'UTF-16 text, not UTF-8' : 'binary file, not a text notebook'
    );
    this.name = 'BinaryFileError';
  }
}

/** 1-based line and column of byte `at` of `buf` (UTF-16 units, as editors count). */
function bytePosition(
  buf: Buffer,
  at: number
): { line: number; column: number } {
  const lines = buf.subarray(0, at).toString('utf8').split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * A file that is not UTF-8 text: decoding it would turn its bytes into U+FFFD, and a fix or a
 * promotion writing that text back would lose them (Jupyter refuses such a notebook too).
 */
export class NotUtf8Error extends Error {
  constructor(
    readonly path: string,
    /** 1-based position of the first byte that is not UTF-8 */
    readonly line: number,
    readonly column: number
  ) {
    super(
      `not UTF-8 text (the first invalid byte is at line ${line}, column ${column})`
    );
    this.name = 'NotUtf8Error';
  }
}

/** How a small file the CLI finds in the project is read (see readBounded). */
export interface ReadBound extends BoundedReadOptions {
  limit: number;
}

export interface CliIo {
  /** absolute current folder */
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colours) */
  isTTY: boolean;
  /**
   * UTF-8 text; throws BinaryFileError for files with NUL bytes, ENOENT etc. as errors. With a
   * bound, through readBounded (boundedRead.ts): a regular file of at most `limit` bytes, a link
   * followed only when asked, else a BoundedReadError.
   */
  readText(file: string, bound?: ReadBound): Promise<string>;
  /** 'file' | 'dir' | null */
  kind(file: string): Promise<'file' | 'dir' | null>;
  /**
   * temp file in the same folder + rename, so readers never see half a file; where links and
   * special files lead, see writeFileSafely
   */
  writeAtomic(file: string, text: string, options: WriteOptions): Promise<void>;
  /**
   * promote's files (path, text) written together: all refused, or all written through
   * temporary files flushed first and renamed last; see writeProjectFiles. Resolves to the
   * killed runs' temporary files removed from their folders (staleTemporaries.ts).
   */
  writeProjectFiles(
    files: readonly (readonly [string, string])[],
    root: string
  ): Promise<readonly string[]>;
  cpuCount(): number;
  /**
   * The 1-minute load average (runnable processes), 0 where the system has none (Windows).
   * Optional: without it, every core counts as idle.
   */
  loadAverage?(): number;
  /**
   * Distribution name -> version installed in the user's Python (`$NBCRAFT_PYTHON`, else
   * `python3`), read with importlib.metadata; throws UsageError-worthy Error when it cannot run.
   */
  installedVersions(): Record<string, string>;
  /**
   * The git state of the file's repository (RuleContext.repository); undefined when git
   * cannot tell. Optional: without it, the rules that need it stay quiet.
   */
  repositoryState?(file: string): RepositoryState | undefined;
}

/** Asks the interpreter itself (importlib.metadata): what `pip freeze` would pin. */
const LIST_DISTRIBUTIONS =
  'import importlib.metadata as m, json; print(json.dumps({d.metadata["Name"]: d.version for d in m.distributions() if d.metadata["Name"]}))';

export function installedVersionsOf(python: string): Record<string, string> {
  let out: string;
  try {
    out = execFileSync(python, ['-c', LIST_DISTRIBUTIONS], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000
    });
  } catch (err) {
    throw new PythonEnvError(
      `--pin-from-env cannot ask ${python} for its packages (${(err as Error).message.split('\n')[0]}); set NBCRAFT_PYTHON to the interpreter the notebook runs with`
    );
  }
  const parsed = JSON.parse(out) as unknown;
  const versions: Record<string, string> = {};
  if (parsed && typeof parsed === 'object') {
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string') {
        versions[k] = v;
      }
    }
  }
  return versions;
}

export class PythonEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonEnvError';
  }
}

/** The file's first `count` bytes (fewer when it is shorter). */
function firstBytes(file: string, count: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(count);
    return buf.subarray(0, readSync(fd, buf, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}

/** A file is binary when a NUL byte is among its first this many bytes (as git tells). */
const BINARY_TEST_BYTES = 8192;

function decodeText(file: string, buf: Buffer): string {
  const nul = buf.subarray(0, BINARY_TEST_BYTES).indexOf(0);
  if (nul !== -1) {
    const { line, column } = bytePosition(buf, nul);
    const bom = buf.length > 1 ? buf.readUInt16BE(0) : 0;
    throw new BinaryFileError(
      file,
      line,
      column,
      bom === 0xfffe || bom === 0xfeff
    );
  }
  return checkUtf8(file, buf.toString('utf8'), buf);
}

/**
 * `text` when the file was UTF-8, else a NotUtf8Error at its first invalid byte: every byte
 * before it re-encodes to itself, the U+FFFD the decoder put there does not (unless the file held
 * a real U+FFFD, which re-encodes to the same bytes).
 */
function checkUtf8(file: string, text: string, bytes?: Buffer): string {
  if (!text.includes('\ufffd')) return text;
  const buf = bytes ?? fileReads.bytes(file);
  const again = Buffer.from(text, 'utf8');
  if (again.equals(buf)) return text;
  let at = 0;
  while (at < buf.length && buf[at] === again[at]) at++;
  // the U+FFFD may share its first bytes with the bad sequence (EF BF 41): back to where it starts
  while (at > 0 && (again[at] & 0xc0) === 0x80) at--;
  const { line, column } = bytePosition(buf, at);
  throw new NotUtf8Error(file, line, column);
}

/**
 * The CLI's file I/O is synchronous although its interface is async: a file in the page cache
 * is read or written in microseconds, while each `fs.promises` call is a round trip through the
 * thread pool during which this thread (which has nothing else to do) sits idle, and a cold run
 * makes hundreds of them (one stat per file named on the command line).
 */
export function readTextFile(file: string, bound?: ReadBound): Promise<string> {
  return settle(() =>
    bound ? readBoundedText(file, bound) : readTextFileSync(file)
  );
}

/** The text of a small file read through readBounded, checked as readTextFileSync checks it. */
export function readBoundedText(file: string, bound: ReadBound): string {
  const bytes = readBounded(file, bound.limit, bound);
  const text = bytes.toString('utf8');
  return text.includes('\0')
    ? decodeText(file, bytes)
    : checkUtf8(file, text, bytes);
}

/** `work()`'s value, or its error as a rejection, as an async function would give them. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise<T>(resolve => {
    resolve(work());
  });
}

/**
 * The reads below, as one object: tests act out through it the files too large to create
 * (over V8's longest string, over 2 GiB).
 */
export const fileReads = {
  text: (file: string): string => readFileSync(file, 'utf8'),
  bytes: (file: string): Buffer => readFileSync(file),
  head: firstBytes
};

/**
 * One native call (open, read and UTF-8 decode in C++) for the common file; only a text holding a
 * NUL character, rare in a text file, is read again as bytes for decodeText's binary test.
 */
export function readTextFileSync(file: string): string {
  let text: string;
  try {
    text = fileReads.text(file);
  } catch (err) {
    // over V8's longest string (~512 MB): the first bytes still tell a binary file from a text
    // (reading them all again would take that memory once more, and fails over 2 GiB)
    if (
      (err as { code?: string }).code === 'ERR_STRING_TOO_LONG' &&
      fileReads.head(file, BINARY_TEST_BYTES).includes(0)
    ) {
      throw new BinaryFileError(file);
    }
    throw err;
  }
  // only a NUL in the first BINARY_TEST_BYTES bytes makes a binary file (decodeText), and a
  // character is at least one byte: the rest of a notebook (MBs of outputs) is not searched
  // for one (bench/COST.md, thirteenth pass); a NUL past them stays in the text, as it did
  const head =
    text.length > BINARY_TEST_BYTES ? text.slice(0, BINARY_TEST_BYTES) : text;
  return head.includes('\0')
    ? decodeText(file, fileReads.bytes(file))
    : checkUtf8(file, text);
}

/** writeFileSafely (write.ts), with the async signature of the CliIo. */
export function writeFileAtomic(
  file: string,
  text: string,
  options: WriteOptions
): Promise<void> {
  return settle(() => {
    writeFileSafely(file, text, options);
  });
}

/**
 * `given` with what it writes to stderr (and to stdout, when `stdout`) passed through ciSafe, so
 * no project text written there runs as a CI logging command. Built over `given`, not a spread
 * copy, which would ask isTTY and so make process.stdout.
 */
export function ciSafeIo(given: CliIo, { stdout = false } = {}): CliIo {
  const streams: Partial<CliIo> = {
    stderr: (text: string) => {
      given.stderr(ciSafe(text));
    }
  };
  if (stdout)
    streams.stdout = (text: string) => {
      given.stdout(ciSafe(text));
    };
  return Object.assign(Object.create(given) as CliIo, streams);
}

export interface NodeIoOptions {
  cwd?: string;
  /** capture output instead of writing to the process streams */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

export function nodeIo(options: NodeIoOptions = {}): CliIo {
  const repositories = new RepositoryStates();
  return {
    cwd: path.resolve(options.cwd ?? process.cwd()),
    env: options.env ?? process.env,
    stdout: options.stdout ?? (text => process.stdout.write(text)),
    stderr: options.stderr ?? (text => process.stderr.write(text)),
    // asked only when colours could apply: process.stdout is made on first use (a stream, and
    // the tty or net module under it), which a run with --output-file never needs
    get isTTY() {
      return options.isTTY ?? (!options.stdout && process.stdout.isTTY);
    },
    readText: readTextFile,
    kind: file =>
      settle(() => {
        try {
          const st = statSync(file);
          return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
        } catch {
          return null;
        }
      }),
    writeAtomic: writeFileAtomic,
    writeProjectFiles: (files, root) =>
      settle(() => writeProjectFiles(files, root)),
    repositoryState: file => repositories.of(file),
    installedVersions: () =>
      installedVersionsOf(
        (options.env ?? process.env).NBCRAFT_PYTHON ?? 'python3'
      ),
    loadAverage: () => os.loadavg()[0],
    cpuCount: () =>
      typeof os.availableParallelism === 'function'
        ? os.availableParallelism()
        : os.cpus().length
  };
}
