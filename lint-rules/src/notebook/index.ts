export * from './types';
export { readNotebook, isNotebookPath } from './read';
export {
  readIpynb,
  notebookFromJson,
  withPlatformLanguages,
  withSparkmagicLanguage
} from './ipynb';
export { readDatabricks, readPercent } from './scripts';
export { notebookRuntime, rememberRuntime } from './runtime';
export type { NotebookRuntime } from './runtime';
export { LineIndex } from './lines';
export {
  cellMagicLanguage,
  normaliseLanguage,
  PYTHON_BODY_CELL_MAGICS
} from './languages';
