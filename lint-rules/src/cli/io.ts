/**
 * Every side effect of the CLI (files, terminal, environment) behind one small interface, so the
 * commands run end to end in tests with a real temp folder and captured output.
 */
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export class BinaryFileError extends Error {
  constructor(readonly path: string) {
    super('binary file, not a text notebook');
    this.name = 'BinaryFileError';
  }
}

export interface CliIo {
  /** absolute current folder */
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colours) */
  isTTY: boolean;
  /** UTF-8 text; throws BinaryFileError for files with NUL bytes, ENOENT etc. as errors */
  readText(file: string): Promise<string>;
  /** 'file' | 'dir' | null */
  kind(file: string): Promise<'file' | 'dir' | null>;
  /** temp file in the same folder + rename, so readers never see half a file */
  writeAtomic(file: string, text: string): Promise<void>;
  cpuCount(): number;
}

function decodeText(file: string, buf: Buffer): string {
  if (buf.subarray(0, 8192).includes(0)) {
    throw new BinaryFileError(file);
  }
  return buf.toString('utf8');
}

export async function readTextFile(file: string): Promise<string> {
  return decodeText(file, await fs.readFile(file));
}

/**
 * The lint loop reads each notebook synchronously: a file in the page cache is read in
 * microseconds, while `fs.promises.readFile` costs an open, fstat and read round trip through
 * the thread pool per file, during which this thread (which has nothing else to do) sits idle.
 */
export function readTextFileSync(file: string): string {
  return decodeText(file, readFileSync(file));
}

export async function writeFileAtomic(
  file: string,
  text: string
): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.nbcraft-${process.pid}-${Date.now()}.tmp`
  );
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode;
  } catch {
    mode = undefined;
  }
  try {
    await fs.writeFile(tmp, text, mode !== undefined ? { mode } : undefined);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
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
  return {
    cwd: path.resolve(options.cwd ?? process.cwd()),
    env: options.env ?? process.env,
    stdout: options.stdout ?? (text => process.stdout.write(text)),
    stderr: options.stderr ?? (text => process.stderr.write(text)),
    isTTY: options.isTTY ?? (!options.stdout && process.stdout.isTTY),
    readText: readTextFile,
    async kind(file) {
      try {
        const st = await fs.stat(file);
        return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
      } catch {
        return null;
      }
    },
    writeAtomic: writeFileAtomic,
    cpuCount: () =>
      typeof os.availableParallelism === 'function'
        ? os.availableParallelism()
        : os.cpus().length
  };
}
