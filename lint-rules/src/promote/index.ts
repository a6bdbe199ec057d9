export * from './types';
export {
  planPromotion,
  RUNTIME_GLOBALS,
  type NotebookAnalysis,
  type PlanOptions
} from './plan';
export { applyPromotionToText } from './notebookEdit';
export { parseCellSpec, findTaggedGroups, type TaggedGroup } from './selection';
export { isLiteralRepr } from './testText';
export { moduleNameFromPath, PYTHON_KEYWORDS, testPathFor } from './naming';
