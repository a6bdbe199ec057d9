/**
 * Where the corpus tests find real notebooks: the small corpus shipped in test/corpus (always
 * there, so a clone runs the corpus checks) and the larger shared corpus (../shared/corpus,
 * beside the repository on the project's machines). In CI (`CI=true`) a missing shared corpus
 * is an error, not a skip: CI must check at least as much as a developer's machine.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The corpus shipped with the tests (licences and origins in test/corpus/SOURCES.md). */
export const SHIPPED_CORPUS = path.resolve(__dirname, 'corpus');

/** The larger corpus beside the repository. */
export const SHARED_CORPUS = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'corpus'
);

/**
 * The corpus folders to read: the shipped one, then the shared one when present. Throws when
 * the shared one is missing and `CI` is set (`env` and `shared` are for the tests of this
 * function).
 */
export function corpusDirs(
  env: NodeJS.ProcessEnv = process.env,
  shared = SHARED_CORPUS
): string[] {
  if (fs.existsSync(shared)) return [SHIPPED_CORPUS, shared];
  if (env.CI === 'true' || env.CI === '1') {
    throw new Error(
      `the shared corpus is missing (${shared}); CI must read it: check out ../shared beside the repository`
    );
  }
  return [SHIPPED_CORPUS];
}

/** The notebooks (.ipynb, and .py scripts) under a corpus folder, recursively. */
export function notebookFiles(dir: string): string[] {
  return fs.readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    return fs.statSync(p).isDirectory()
      ? notebookFiles(p)
      : /\.(ipynb|py)$/.test(name)
        ? [p]
        : [];
  });
}
