export * from './types';
export { BUILTINS, DATABRICKS_NAMES, PYTHON_2_BUILTINS } from './builtins';
export { GLOBALS_BY_RUNTIME } from './runtimeGlobals';
export type { RuntimeGlobals } from './runtimeGlobals';
export { maskIPythonSyntax, PYTHON_STATEMENT_LINE_MAGICS } from './mask';
export { parseCell, parseMasked } from './parse';
export { analyzeCell, analyzeParsed } from './analyze';
export { MUTATING_METHODS } from './words';
export {
  analyzeNotebook,
  buildDataflow,
  cellMagicBodyIsPython,
  isPythonCodeCell
} from './dataflow';
export type { AnalyzeNotebookOptions } from './dataflow';
