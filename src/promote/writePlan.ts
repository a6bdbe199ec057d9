/**
 * Which files and folders an accepted promotion writes, and writing them through the
 * Jupyter contents API (jupyter_server writes each file atomically: temp file + rename).
 * Planning is pure; `executeWrites` takes any object with the contents manager's
 * `get`/`save`, so tests can run it against an in-memory one.
 */

import {
  type ContentsAccess,
  FolderReader,
  parentFolders
} from '../core/folderReader';
import { type Say, TranslatableError } from '../core/translatable';
import { isSafeRelativePath, joinPath } from './paths';

export type { ContentsAccess } from '../core/folderReader';
export { parentFolders } from '../core/folderReader';

export interface FileWrite {
  /** Jupyter-root relative path */
  path: string;
  text: string;
  /** what the file held when the plan was made (null: it did not exist) */
  expectedBefore: string | null;
  role: 'module' | 'test' | 'package-init' | 'pytest-config';
}

export interface WritePlan {
  /** folders that may need creating, parents first */
  folders: string[];
  files: FileWrite[];
  /** files the plan leaves alone because they already hold the planned text */
  unchanged: string[];
}

export interface PlannedFiles {
  /** project root (Jupyter-root relative, '' for the root) */
  root: string;
  modulePath: string;
  moduleName: string;
  moduleText: string;
  existingModuleText: string | null;
  testPath: string;
  testText: string;
  existingTestText: string | null;
  /** the pytest config that puts the module's import root on `pythonpath` (project-relative) */
  pytestConfig?: { path: string; text: string; existingText: string | null };
}

/** Thrown when a path would leave the project or a file changed since the preview. */
export class WriteRefusedError extends TranslatableError {
  constructor(say: Say) {
    super(say);
    this.name = 'WriteRefusedError';
  }
}

/** Where a package needs an `__init__.py` (one owner: the library's layout). */
export { packageFolders } from '@nbcraft/lint-rules';

export function planWrites(files: PlannedFiles): WritePlan {
  for (const path of [files.modulePath, files.testPath]) {
    if (!isSafeRelativePath(path)) {
      throw new WriteRefusedError(tr =>
        tr.__(
          '%1: promote only writes inside the project folder; use a relative path without ".."',
          path
        )
      );
    }
  }
  const modulePath = joinPath(files.root, files.modulePath);
  const testPath = joinPath(files.root, files.testPath);
  const folders: string[] = [];
  for (const path of [modulePath, testPath]) {
    for (const folder of parentFolders(path)) {
      if (!folders.includes(folder)) {
        folders.push(folder);
      }
    }
  }
  const writes: FileWrite[] = [];
  const unchanged: string[] = [];
  if (files.moduleText === files.existingModuleText) {
    unchanged.push(modulePath);
  } else {
    writes.push({
      path: modulePath,
      text: files.moduleText,
      expectedBefore: files.existingModuleText,
      role: 'module'
    });
  }
  if (files.testText === files.existingTestText) {
    unchanged.push(testPath);
  } else {
    writes.push({
      path: testPath,
      text: files.testText,
      expectedBefore: files.existingTestText,
      role: 'test'
    });
  }
  if (files.pytestConfig) {
    writes.push({
      path: joinPath(files.root, files.pytestConfig.path),
      text: files.pytestConfig.text,
      expectedBefore: files.pytestConfig.existingText,
      role: 'pytest-config'
    });
  }
  return { folders, files: writes, unchanged };
}

export interface WriteResult {
  written: string[];
  createdFolders: string[];
}

/**
 * Create the missing folders (and `__init__.py` in new package folders), then write the
 * files. Before anything is written, every file is re-read: if one changed since the
 * preview, nothing is written at all. `existingPath` (the notebook's) names folders known to
 * be there, which are then not looked up in their parents' listings.
 */
export async function executeWrites(
  contents: ContentsAccess,
  plan: WritePlan,
  initFolders: string[] = [],
  existingPath?: string
): Promise<WriteResult> {
  // a reader of its own: the preview's listings may be stale by now
  const reader = new FolderReader(contents, { existingPath });
  for (const file of plan.files) {
    const now = await reader.readText(file.path);
    if (now !== file.expectedBefore) {
      throw new WriteRefusedError(tr =>
        tr.__(
          '%1 changed since the preview was made; nothing was written. Open "Promote to module..." again to see the current file.',
          file.path
        )
      );
    }
  }
  const createdFolders: string[] = [];
  for (const folder of plan.folders) {
    // parents first: a folder under one created here is missing too, as its listing says
    if ((await reader.kind(folder)) !== 'directory') {
      await contents.save(folder, { type: 'directory' });
      createdFolders.push(folder);
    }
  }
  const written: string[] = [];
  for (const folder of initFolders) {
    if (createdFolders.includes(folder)) {
      const init = joinPath(folder, '__init__.py');
      await contents.save(init, { type: 'file', format: 'text', content: '' });
      written.push(init);
    }
  }
  for (const file of plan.files) {
    await contents.save(file.path, {
      type: 'file',
      format: 'text',
      content: file.text
    });
    written.push(file.path);
  }
  return { written, createdFolders };
}
