export * from './types';
export {
  planPromotion,
  RUNTIME_GLOBALS,
  type NotebookAnalysis,
  type PlanOptions
} from './plan';
export { applyPromotionToText } from './notebookEdit';
export {
  fillPromoteText,
  PROMOTE_TEXTS,
  type PromoteTextId,
  type PromoteTextRef
} from './texts';
export {
  ciSafe,
  hiddenCharacter,
  showControlCharacters
} from './controlCharacters';
export {
  hasTrailingDotOrSpace,
  isSafeRelativePath,
  pathCharacterRefusal,
  pathNameRefusal
} from './relativePath';
export { parseCellSpec, findTaggedGroups, type TaggedGroup } from './selection';
export { isLiteralRepr } from './testText';
export { moduleNameFromPath, PYTHON_KEYWORDS, testPathFor } from './naming';
export {
  DEFAULT_MODULE_TEMPLATE,
  DEFAULT_TESTS_DIR,
  defaultModulePath,
  importRoot,
  notebookStem,
  packageFolders,
  pythonIdentifier,
  type ModuleDefaults
} from './layout';
export { packageFoldersToCheck, projectPackageName } from './projectPackage';
export {
  PYTEST_CONFIG_FILES,
  pytestConfigFile,
  pythonpathEdit,
  type PytestConfigFile,
  type PytestConfigTexts,
  type PythonpathEdit
} from './pytestConfig';
