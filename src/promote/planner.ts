/**
 * The promote planner as the dialog sees it. The planner itself lives in
 * `@nbcraft/lint-rules` (pure, shared with the CLI); these types mirror the parts of its
 * contract the UI reads, so the dialog does not depend on planner internals.
 */
import { planPromotion, type Notebook } from '@nbcraft/lint-rules';

export type ConflictResolution = 'fail' | 'replace' | 'rename';

export interface KernelValues {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  displayed?: string;
}

export interface PromotionRequest {
  notebook: Notebook;
  cells: number[];
  modulePath: string;
  moduleName?: string;
  functionName?: string;
  testsDir?: string;
  existingModuleText?: string;
  existingTestText?: string;
  kernelValues?: KernelValues;
  onConflict?: ConflictResolution;
}

export interface PromotionRefusalReason {
  code: string;
  message: string;
  cell?: number;
  line?: number;
  hint: string;
}

export interface PromotionWarning {
  code: string;
  message: string;
  cell?: number;
  line?: number;
}

export interface ReplacementCell {
  kind: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: Record<string, unknown>;
  id?: string;
  /** a Markdown/raw cell that sat between the selected code cells and stays: its index */
  keep?: number;
}

export interface CellEdit {
  cell: number;
  source: string;
}

export interface PromotionPlan {
  ok: true;
  functionName: string;
  moduleName: string;
  modulePath: string;
  moduleText: string;
  moduleUnchanged: boolean;
  testPath: string;
  testText: string;
  /** the test characterises the function with the kernel's values (else that test is skipped) */
  testCharacterized: boolean;
  replacementCells: ReplacementCell[];
  /** new sources of cells outside the replaced span (the import cell, cells losing imports) */
  cellEdits: CellEdit[];
  /** the cell that takes the function's import, when the call cell does not carry it */
  importCell: number | null;
  params: string[];
  returns: string[];
  mutations: string[];
  displayLast: boolean;
  cells: number[];
  /** the contiguous span `replacementCells` replace (first to last selected code cell) */
  replacedCells: number[];
  functionText: string;
  warnings: PromotionWarning[];
}

export interface PromotionRefusal {
  ok: false;
  reasons: PromotionRefusalReason[];
}

export type PromotionResult = PromotionPlan | PromotionRefusal;

export type PlanFunction = (request: PromotionRequest) => PromotionResult;

/**
 * The library's planner. Typed as the dialog's view of the contract, so a change in the
 * planner's result that the dialog relies on fails the type-check here.
 */
export function libraryPlanner(): PlanFunction | null {
  return planPromotion;
}

/** The refusal code the dialog answers with replace / rename choices. */
export const MODULE_CONFLICT = 'module-conflict';

/** A human line for a refusal reason: where (1-based, as the notebook shows it), what, what to do. */
export function describeReason(reason: PromotionRefusalReason): string {
  const where =
    reason.cell === undefined
      ? ''
      : reason.line === undefined
        ? `cell ${reason.cell + 1}: `
        : `cell ${reason.cell + 1}, line ${reason.line + 1}: `;
  return `${where}${reason.message}`;
}

/** A human line for a warning, located like a refusal reason. */
export function describeWarning(warning: PromotionWarning): string {
  const where =
    warning.cell === undefined
      ? ''
      : warning.line === undefined
        ? `cell ${warning.cell + 1}: `
        : `cell ${warning.cell + 1}, line ${warning.line + 1}: `;
  return `${where}${warning.message}`;
}
