/**
 * Where the corpus tests find real notebooks: the small corpus shipped in test/corpus (always
 * there, so a clone runs the corpus checks) and the larger shared corpus (../shared/corpus,
 * beside the repository on the project's machines). In CI (`CI=true`) a missing shared corpus
 * is an error, not a skip: CI must check at least as much as a developer's machine.
 * `NBCRAFT_SHARED_CORPUS=<folder>` reads another folder as the shared corpus (a missing one
 * shows what a clone of the repository checks).
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
 * the shared one is missing and `CI` is set. The shared folder is `NBCRAFT_SHARED_CORPUS` when
 * set (`env` and `shared` are for the tests of this function).
 */
export function corpusDirs(
  env: NodeJS.ProcessEnv = process.env,
  shared = env.NBCRAFT_SHARED_CORPUS ?? SHARED_CORPUS
): string[] {
  if (fs.existsSync(shared)) return [SHIPPED_CORPUS, shared];
  if (env.CI === 'true' || env.CI === '1') {
    throw new Error(
      `the shared corpus is missing (${shared}); CI must read it: check out ../shared beside the repository, or set NBCRAFT_SHARED_CORPUS to its folder`
    );
  }
  return [SHIPPED_CORPUS];
}

/** Whether `dir` is the shipped corpus (expectations written for one corpus name it). */
export function isShippedCorpus(dir: string): boolean {
  return path.resolve(dir) === SHIPPED_CORPUS;
}

/** The notebooks (.ipynb, and .py scripts) under a corpus folder, recursively. */
export function notebookFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap(name => {
      const p = path.join(dir, name);
      return fs.statSync(p).isDirectory()
        ? notebookFiles(p)
        : /\.(ipynb|py)$/.test(name)
          ? [p]
          : [];
    });
}
