/**
 * planPromotion: selected notebook cells in; a function in a module, its test file and the cell
 * that replaces the selection out. Pure: no file system, no kernel.
 *
 * A pipeline of named steps, each in its own file; the first refusal ends it:
 * validate (validate.ts) → magic placement (magicPlacement.ts) → signature: parameters, later
 * reads, returns (signature.ts, laterReads.ts) → display (display.ts) → function name and text
 * (functionText.ts) → module text (moduleStep.ts) → replacement cells (replacement.ts) → test
 * text (testText.ts). Anything the analysis cannot be sure of is refused with a located reason.
 */
import { planDisplay } from './display';
import { buildFunctionText, chooseFunctionName } from './functionText';
import { placeMagics } from './magicPlacement';
import { writeModule } from './moduleStep';
import { baseName } from '../notebook/read';
import { testPathFor } from './naming';
import { parseCell } from '../python';
import { isRefusal, refusal, type NotebookAnalysis } from './planContext';
import { buildReplacement } from './replacement';
import { planSignature } from './signature';
import { renderTestFile } from './testText';
import { refusalTexts } from './texts';
import type {
  PromotionPlan,
  PromotionRefusalReason,
  PromotionRequest,
  PromotionResult
} from './types';
import { validateRequest } from './validate';

export { RUNTIME_GLOBALS } from './signature';
export type { NotebookAnalysis } from './planContext';

export interface PlanOptions {
  /** an analysis of `request.notebook` made earlier (the dialog analyses once, plans often) */
  analysis?: NotebookAnalysis;
}

export function planPromotion(
  request: PromotionRequest,
  options: PlanOptions = {}
): PromotionResult {
  const ctx = validateRequest(request, options.analysis);
  if (isRefusal(ctx)) return ctx;
  const magics = placeMagics(ctx);
  if (isRefusal(magics)) return magics;
  const signature = planSignature(ctx, magics);
  if (isRefusal(signature)) return signature;
  const display = planDisplay(ctx, signature);
  if (isRefusal(display)) return display;
  const name = chooseFunctionName(ctx, signature);
  if (isRefusal(name)) return name;
  const fn = buildFunctionText(ctx, signature, display.expression, name);
  if (isRefusal(fn)) return fn;
  const module = writeModule(
    ctx,
    signature.importsForModule,
    name.name,
    fn.text
  );
  if (isRefusal(module)) return module;
  const functionName = module.functionName;
  const { params, returns } = signature;
  const replacement = buildReplacement(ctx, magics, {
    functionName,
    params,
    returns,
    keptImports: signature.keptImports,
    importUses: signature.importUses,
    display: display.expression,
    returnsDisplayed: fn.returnsDisplayed,
    resultName: fn.resultName
  });
  const test = renderTestFile({
    moduleName: ctx.moduleName,
    functionName,
    params,
    returns,
    returnsDisplayed: fn.returnsDisplayed,
    notebookName: baseName(ctx.nb.path),
    kernelValues: request.kernelValues,
    existingTestText: request.existingTestText
  });
  const plan: PromotionPlan = {
    ok: true,
    functionName,
    moduleName: ctx.moduleName,
    modulePath: ctx.modulePath,
    moduleText: module.text,
    moduleUnchanged: module.unchanged,
    testPath: testPathFor(ctx.modulePath, request.testsDir ?? 'tests'),
    testText: test.text,
    testCharacterized: test.characterized,
    replacementCells: replacement.replacementCells,
    cellEdits: replacement.cellEdits,
    importCell: replacement.importCell,
    params,
    returns,
    mutations: fn.mutations,
    displayLast: display.expression !== null,
    cells: ctx.selected,
    replacedCells: replacement.replacedCells,
    functionText: module.functionText,
    // in the order the steps found them
    warnings: [
      ...magics.warnings,
      ...signature.warnings,
      ...display.warnings,
      ...fn.warnings,
      ...module.warnings
    ]
  };
  const broken = unparsedOutput(plan, request.existingTestText);
  return broken ? refusal([broken]) : plan;
}

/**
 * The last check before anything is written: the module and the test file must parse. A file
 * that does not is a planner bug (an unescaped name, a bad split); refusing keeps the project
 * as it was. An existing test file that already did not parse is the user's, and passes.
 */
export function unparsedOutput(
  plan: PromotionPlan,
  existingTestText: string | undefined
): PromotionRefusalReason | null {
  const files: [string, string][] = [[plan.modulePath, plan.moduleText]];
  if (!existingTestText?.trim() || parseCell(existingTestText).ok) {
    files.push([plan.testPath, plan.testText]);
  }
  for (const [path, text] of files) {
    const parsed = parseCell(text);
    if (parsed.ok) continue;
    const e = parsed.syntaxError;
    return {
      code: 'generated-syntax',
      ...refusalTexts(
        e
          ? {
              id: 'generatedSyntaxAt',
              data: { path, line: String(e.line + 1), detail: e.message }
            }
          : { id: 'generatedSyntax', data: { path } },
        { id: 'generatedSyntaxHint' }
      )
    };
  }
  return null;
}
