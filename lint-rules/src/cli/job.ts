/** Lints one file on disk (read, lint or fix, atomic write). Runs in the main thread or a worker. */
import * as path from 'path';
import { isNotebookPath } from '../notebook';
import { lintFile } from '../engine';
import { BoundedAnalysisCache } from '../engine/analysisCache';
import type { FileError, FileResult } from '../format';
import type { ResolvedConfig } from '../config';
import type { RepositoryState } from '../engine/types';
import {
  BinaryFileError,
  NotUtf8Error,
  fileReads,
  readTextFileSync,
  writeFileAtomic
} from './io';
import { relativePath } from './paths';
import { WriteRefusedError } from './write';

export interface LintJob {
  abs: string;
  /** the run's current folder: a fix is never written through a link leading out of it */
  root: string;
  /** path shown to the user */
  display: string;
  explicit: boolean;
  fix: boolean;
  unsafeFixes?: boolean;
  /** distribution -> installed version (`--pin-from-env`) */
  pinVersions?: Record<string, string>;
  /** the names of the project the file belongs to (projectNames.ts), for unpinned-pip-install */
  ownPackages?: readonly string[];
  /** the file's git repository (RuleContext.repository) */
  repository?: RepositoryState;
  /** index into the config sources */
  config: number;
}

/** The file's path relative to its config's folder, '/' separators (ignores match on it). */
export function configRelativePath(
  job: LintJob,
  config: ResolvedConfig
): string {
  const rel = relativePath(config.baseDir || process.cwd(), job.abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/**
 * The cell analyses of the current run in this thread (see BoundedAnalysisCache): made by the
 * first job, dropped by `endRun` (a worker thread lives for one run and drops it with itself).
 */
let runAnalyses: BoundedAnalysisCache | null = null;

/** Forget the run's cell analyses (the main thread, once its run is over). */
export function endRun(): void {
  runAnalyses = null;
}

/** Why a file could not be read as text, located where the bytes say (a NUL, a byte not UTF-8). */
function readError(err: unknown): FileError {
  if (err instanceof NotUtf8Error || err instanceof BinaryFileError) {
    const notUtf8 = err instanceof NotUtf8Error;
    return {
      kind: 'unreadable',
      message: notUtf8
        ? 'not UTF-8 text'
        : err.utf16
          ? 'UTF-16 text, not UTF-8'
          : 'binary file, not a notebook',
      line: err.line,
      column: err.column,
      hint:
        notUtf8 || err.utf16
          ? 'save the file as UTF-8 (Jupyter reads and writes notebooks only in UTF-8); nbcraft changed nothing in it'
          : 'check the file, or add it to "ignore" in nbcraft.json'
    };
  }
  return {
    kind: 'unreadable',
    message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    hint: 'check the file, or add it to "ignore" in nbcraft.json'
  };
}

/** The file decoded with U+FFFD for bad bytes ('' when even that fails: over V8's longest string). */
function looseText(file: string): string {
  try {
    return fileReads.text(file);
  } catch {
    return '';
  }
}

/** null: not a notebook, or ignored by config (nothing to report). */
export async function runJob(
  job: LintJob,
  config: ResolvedConfig
): Promise<FileResult | null> {
  const rel = configRelativePath(job, config);
  if (config.isIgnored(rel)) {
    return null;
  }
  const ipynb = job.abs.toLowerCase().endsWith('.ipynb');
  let text: string;
  try {
    text = readTextFileSync(job.abs);
  } catch (err) {
    // a .py file that is not UTF-8 (a legacy latin-1 module) or holds a NUL is not refused unless
    // it is a notebook: its markers are ASCII, so the lossy decoding still shows them (not in
    // UTF-16, which PowerShell's `>` writes: that is still said, whatever the file is)
    if (
      !ipynb &&
      (err instanceof NotUtf8Error ||
        (err instanceof BinaryFileError && !err.utf16)) &&
      !isNotebookPath(job.abs, looseText(job.abs))
    ) {
      return null;
    }
    return { path: job.display, findings: [], error: readError(err) };
  }
  if (!ipynb && !isNotebookPath(job.abs, text)) {
    return null; // a plain .py file
  }
  const outcome = lintFile(job.display, text, config, {
    fix: job.fix,
    unsafeFixes: job.unsafeFixes,
    pinVersions: job.pinVersions,
    ownPackages: job.ownPackages,
    configRelativePath: rel,
    repository: job.repository,
    analysisCache: (runAnalyses ??= new BoundedAnalysisCache())
  });
  if (outcome.newText !== undefined) {
    try {
      await writeFileAtomic(job.abs, outcome.newText, {
        root: job.root,
        links: 'refuse'
      });
    } catch (err) {
      return {
        ...outcome.result,
        fixed: 0,
        error: {
          kind: 'unreadable',
          message:
            err instanceof WriteRefusedError
              ? `cannot write fixes: ${err.message}`
              : `cannot write fixes (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`
        }
      };
    }
  }
  return outcome.result;
}
