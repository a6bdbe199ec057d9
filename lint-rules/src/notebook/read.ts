/** Dispatch from a path and its text to the right notebook reader. */
import { readIpynb } from './ipynb';
import { readDatabricks, readPercent, scriptFormat } from './scripts';
import { Notebook, NotebookReadError } from './types';

/** A notebook path's file name without its folders (separated by `/` or a backslash). */
export function baseName(path: string): string {
  return path.slice(
    Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1
  );
}

function extension(path: string): string {
  const base = baseName(path);
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot + 1).toLowerCase();
}

const SCRIPT_EXTENSIONS = new Set(['py', 'sql', 'scala', 'r']);

/** True for .ipynb, and for scripts (.py/.sql/.scala/.r) that carry Databricks or `# %%` markers. */
export function isNotebookPath(path: string, text: string): boolean {
  const ext = extension(path);
  if (ext === 'ipynb') return true;
  return SCRIPT_EXTENSIONS.has(ext) && scriptFormat(text) !== undefined;
}

/** Reads a notebook of any supported format; throws NotebookReadError (located, with a hint), never anything else. */
export function readNotebook(path: string, text: string): Notebook {
  try {
    return dispatch(path, text);
  } catch (e) {
    if (e instanceof NotebookReadError) throw e;
    // a reader bug or an exhausted stack must still be one clear error about this file, not a crash
    throw new NotebookReadError(
      path,
      `cannot read this notebook: ${(e as { message?: string } | null)?.message ?? String(e)}`,
      {
        line: 1,
        column: 1,
        hint: 'please report this file to the nbcraft maintainers; the other files are still read'
      }
    );
  }
}

function dispatch(path: string, text: string): Notebook {
  const ext = extension(path);
  if (ext === 'ipynb') return readIpynb(path, text);
  if (SCRIPT_EXTENSIONS.has(ext)) {
    if (text.includes('\u0000')) {
      throw new NotebookReadError(
        path,
        'this is a binary file, not a notebook',
        { line: 1, column: 1 }
      );
    }
    const format = scriptFormat(text);
    if (format === 'databricks') return readDatabricks(path, text);
    if (format === 'percent' && ext === 'py') return readPercent(path, text);
    throw new NotebookReadError(
      path,
      `not a notebook: a plain .${ext} file without notebook markers`,
      {
        line: 1,
        column: 1,
        hint: 'notebook scripts start with "# Databricks notebook source" or use `# %%` cell markers'
      }
    );
  }
  throw new NotebookReadError(
    path,
    `not a notebook: unsupported file type ".${ext}"`,
    {
      hint: 'nbcraft reads .ipynb files, Databricks source files and jupytext percent scripts (.py)'
    }
  );
}
