/**
 * Whether a notebook is a helper that other notebooks `%run` (set-up, configuration, shared
 * functions), decided from its path: a module or a tool, not a document. Its names become the
 * globals of the notebook that runs it, so rules that judge a notebook as a document (a title)
 * or as a closed namespace (an import nothing reads) ask here.
 */
import type { LintCell } from '../../engine/types';
import { baseName } from '../../notebook/read';

/**
 * What a helper notebook is for: `library` defines functions and imports for the notebook that
 * `%run`s it (`_common`, `utils`, an `Includes` folder), whose globals they become; `setup`
 * does work for it (creates tables, loads data, reads configuration: `00-setup`, `config`,
 * `RUNME`, dbdemos' `_resources` folder), and its imports serve itself.
 */
export type HelperKind = 'library' | 'setup';

/**
 * The first word of a notebook's name (after any number: `00_setup`) that says it is a helper.
 * Only the first word: `SparkConfigDump` is a document about configuration,
 * `configure_notebook` configures. A library's word names it alone or with one more word
 * (`utils`, `_common`, `helpers_plots`): `common_crawl_analysis`, `shared-memory-benchmark` and
 * `Functions_of_time` are documents about something else.
 */
const LIBRARY_WORD =
  /^(includes?|helpers?|utils?|utilit(y|ies)|common|functions?|shared|libs?)$/i;
const SETUP_WORD = /^(setup|conf|config\w*|init(iali[sz]e)?)$/i;

/** `Classroom-Setup`: Databricks Academy's course set-up notebook, which every lesson `%run`s */
const SETUP_FIRST_WORDS = /^classroom setup$/i;

/**
 * `RUNME` itself (any case, any extension), Databricks solution accelerators' notebook that
 * creates their clusters and workflow; not a name that merely starts with the word
 * (`runme_churn_analysis` is a document).
 */
const RUNME = /^runme(\.\w+)*$/i;

/**
 * The folder a notebook sits in when it is there to be `%run`: Databricks Academy's `Includes`,
 * dbdemos' `_resources` (set-up and data loading). Only the notebook's own folder, and no
 * package-like folder name: azureml-examples' `sdk/python/resources/compute/compute.ipynb` is a
 * tutorial, and recommenders' `tests/unit/recommenders/utils/programmatic_notebook_execution.ipynb`
 * a test notebook in a folder named after the package it tests (`utils`, `helpers` count only in
 * the notebook's own name).
 */
const LIBRARY_FOLDER = /^includes?$/i;
const SETUP_FOLDER = /^_resources$/i;

/** the words of a file name without its extension and leading numbers (`00_setup` -> setup) */
function nameWords(fileName: string): string[] {
  return fileName
    .replace(/\.(ipynb|py)$/i, '')
    .split(/[_\-\s.]+|(?<=[a-z])(?=[A-Z])/)
    .filter(w => w !== '' && !/^\d+$/.test(w));
}

/**
 * What a notebook's file name says it is: `_common.py`, `RUNME.py`, `Classroom-Setup.py`... A
 * leading `_` alone says nothing (`_draft`, `_scratch`).
 */
function kindOfName(fileName: string): HelperKind | null {
  if (RUNME.test(fileName)) return 'setup';
  const words = nameWords(fileName);
  if (words.length === 0) return null;
  if (LIBRARY_WORD.test(words[0]) && words.length <= 2) return 'library';
  if (
    SETUP_WORD.test(words[0]) ||
    SETUP_FIRST_WORDS.test(words.slice(0, 2).join(' '))
  ) {
    return 'setup';
  }
  return null;
}

/**
 * A notebook by its path ('/' or '\\' separators): what its name says, else what its folder
 * says; null for a document.
 */
export function helperNotebookKind(path: string): HelperKind | null {
  const file = baseName(path);
  const folder = baseName(path.slice(0, -file.length - 1));
  return (
    kindOfName(file) ??
    (LIBRARY_FOLDER.test(folder)
      ? 'library'
      : SETUP_FOLDER.test(folder)
        ? 'setup'
        : null)
  );
}

const DEFINES = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement'
]);
const LIBRARY_STATEMENT = new Set([
  ...DEFINES,
  'ImportStatement',
  'AssignStatement',
  'PassStatement',
  'Comment'
]);

/**
 * What a library's cells look like: it defines a function or a class, `%run`s another helper
 * (Databricks Academy's `_common` runs `_dataset_index`), or holds nothing but imports,
 * assignments and docstrings. A notebook named `utils` that imports and prints is a document,
 * and its unread imports are dead.
 */
export function readsAsLibrary(cells: readonly LintCell[]): boolean {
  let onlyDefinitions = true;
  for (const lc of cells) {
    if (lc.cell.kind !== 'code') continue;
    const parsed = lc.analysis?.parsed;
    if (parsed?.masked.magics.some(m => m.name === 'run')) return true;
    if (!parsed?.ok || !parsed.tree) {
      onlyDefinitions = false;
      continue;
    }
    for (let n = parsed.tree.topNode.firstChild; n; n = n.nextSibling) {
      if (DEFINES.has(n.name)) return true;
      const docstring =
        n.name === 'ExpressionStatement' &&
        n.firstChild?.name === 'String' &&
        n.firstChild.nextSibling === null;
      if (!LIBRARY_STATEMENT.has(n.name) && !docstring) onlyDefinitions = false;
    }
  }
  return onlyDefinitions;
}

/** A notebook other notebooks `%run`: a module or a tool, not a document. */
export function isHelperNotebook(path: string): boolean {
  return helperNotebookKind(path) !== null;
}
