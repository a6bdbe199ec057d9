/**
 * One promote preview: the request built from the dialog's fields, the existing files
 * read, the planner run, and the diffs computed. Pure apart from the `readText` callback,
 * so the dialog stays a thin view over `PreviewState`.
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import {
  fillPromoteText,
  importRoot,
  pathCharacterRefusal,
  pathNameRefusal,
  PYTEST_CONFIG_FILES,
  pythonpathEdit,
  readIpynb,
  type Notebook,
  type ConflictResolution,
  type KernelValues,
  type PromotionPlan,
  type PromotionRefusalReason,
  type PromoteTextRef,
  type PromotionRequest,
  type PromotionResult,
  type PytestConfigTexts,
  type PythonpathEdit
} from '@nbcraft/lint-rules';

import { errorText, TranslatableError } from '../core/translatable';
import { diffTexts, type TextDiff } from './diff';

/** What to do when pytest's config cannot take the module's import root (translated in the dialog). */
const PYTEST_CONFIG_HINT: PromoteTextRef = { id: 'pytestConfigHint' };
import { isSafeRelativePath, joinPath } from './paths';
import { packageFolders, planWrites, type WritePlan } from './writePlan';

/** The planner the preview runs: the library's `planPromotion` (tests pass one that throws). */
export type PlanFunction = (request: PromotionRequest) => PromotionResult;

/** The notebook as the library reads it, from the live model's nbformat JSON. */
export function notebookFromModel(path: string, json: unknown): Notebook {
  return readIpynb(path, JSON.stringify(json));
}

export interface PreviewInputs {
  notebook: Notebook;
  /** 0-based selected cells */
  cells: number[];
  /** project root, Jupyter-root relative ('' = the Jupyter root) */
  root: string;
  /** module path relative to the project root */
  modulePath: string;
  testsDir: string;
  /** '' or undefined: the planner's choice */
  functionName?: string;
  onConflict: ConflictResolution;
  kernelValues?: KernelValues;
}

export interface PreviewState {
  inputs: PreviewInputs;
  result: PromotionResult;
  /** module and test texts before the promotion (null: the file does not exist) */
  existingModuleText: string | null;
  existingTestText: string | null;
  moduleDiff: TextDiff | null;
  testDiff: TextDiff | null;
  /** the target module defines a different function of that name: ask replace / rename */
  conflict: boolean;
  /** how the module becomes importable: its import root on pytest's `pythonpath` */
  pythonpath: PythonpathEdit | null;
  /** the pytest config file's text before (null: it does not exist) */
  existingPytestConfigText: string | null;
  canAccept: boolean;
}

/** `<testsDir>/test_<module stem>.py`, as the planner names it, to read the existing file first. */
export function expectedTestPath(modulePath: string, testsDir: string): string {
  const stem = (modulePath.split('/').pop() ?? 'module').replace(/\.py$/, '');
  return joinPath(testsDir, `test_${stem}.py`);
}

/** The module path and tests folder as the preview checks, reads and plans them: trimmed once, here. */
interface AskedPaths {
  modulePath: string;
  testsDir: string;
}

function localRefusal(
  { modulePath: path, testsDir }: AskedPaths,
  trans: TranslationBundle
): PromotionRefusalReason | null {
  for (const asked of [path, testsDir]) {
    // the server's reason for the same path (nbcraft/relative_path.py), not "leaves the
    // project", in the library's words (the dialog translates them: reasonText.ts)
    const hidden = pathCharacterRefusal(asked);
    if (hidden) {
      return { code: 'bad-module-path', ...hidden };
    }
  }
  if (!path.endsWith('.py')) {
    return {
      code: 'bad-module-path',
      message: trans.__('"%1" is not a Python module path', path),
      hint: trans.__('give a path ending in .py, e.g. src/mypkg/features.py')
    };
  }
  for (const asked of [path, testsDir]) {
    const badName = pathNameRefusal(asked);
    if (badName) {
      return { code: 'bad-module-path', ...badName };
    }
  }
  if (!isSafeRelativePath(path)) {
    return {
      code: 'bad-module-path',
      message: trans.__('"%1" leaves the project folder', path),
      hint: trans.__(
        'give a path relative to the project folder, without ".." or a leading "/"'
      )
    };
  }
  if (!isSafeRelativePath(testsDir)) {
    return {
      code: 'bad-module-path',
      message: trans.__(
        'tests folder "%1" leaves the project folder',
        testsDir
      ),
      hint: trans.__('give a folder relative to the project folder, e.g. tests')
    };
  }
  return null;
}

/** Run the planner for the dialog's current fields. Never throws for planner refusals. */
export async function buildPreview(
  inputs: PreviewInputs,
  plan: PlanFunction,
  readText: (path: string) => Promise<string | null>,
  trans: TranslationBundle = nullTranslator.load('nbcraft')
): Promise<PreviewState> {
  // trimmed once: what is checked is exactly what is read, planned and written
  const modulePath = inputs.modulePath.trim();
  const testsDir = inputs.testsDir.trim();
  const refusal = localRefusal({ modulePath, testsDir }, trans);
  if (refusal) {
    return {
      inputs,
      result: { ok: false, reasons: [refusal] },
      existingModuleText: null,
      existingTestText: null,
      moduleDiff: null,
      testDiff: null,
      conflict: false,
      pythonpath: null,
      existingPytestConfigText: null,
      canAccept: false
    };
  }
  let testPath = expectedTestPath(modulePath, testsDir);
  // read together, so that a reader asking the server about them asks once (plannedFiles.ts)
  const [existingModuleText, firstTestText] = await Promise.all([
    readText(joinPath(inputs.root, modulePath)),
    readText(joinPath(inputs.root, testPath))
  ]);
  let existingTestText = firstTestText;
  const run = (): PromotionResult => {
    try {
      return plan({
        notebook: inputs.notebook,
        cells: inputs.cells,
        modulePath,
        testsDir,
        // An emptied field means "let the planner choose".
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        functionName: inputs.functionName?.trim() || undefined,
        existingModuleText: existingModuleText ?? undefined,
        existingTestText: existingTestText ?? undefined,
        kernelValues: inputs.kernelValues,
        onConflict: inputs.onConflict
      });
    } catch (error) {
      // A planner bug must not lose the user's notebook: show it as a refusal.
      return {
        ok: false,
        reasons: [
          {
            code: 'internal-error',
            message: trans.__(
              'the planner failed: %1',
              errorText(error, trans)
            ),
            hint: trans.__(
              'nothing was changed; please report this with the selected cells'
            )
          }
        ]
      };
    }
  };
  let result = run();
  if (result.ok && result.testPath !== testPath) {
    // The planner chose another test file name: plan again against that file's text.
    testPath = result.testPath;
    existingTestText = await readText(joinPath(inputs.root, testPath));
    result = run();
  }
  const conflict =
    !result.ok &&
    result.reasons.some(reason => reason.code === 'module-conflict');
  let pythonpath: PythonpathEdit | null = null;
  let existingPytestConfigText: string | null = null;
  if (result.ok) {
    const texts: PytestConfigTexts = {};
    const found = await Promise.all(
      PYTEST_CONFIG_FILES.map(file => readText(joinPath(inputs.root, file)))
    );
    PYTEST_CONFIG_FILES.forEach((file, index) => {
      const text = found[index];
      if (text !== null) {
        texts[file] = text;
      }
    });
    pythonpath = pythonpathEdit(
      texts,
      importRoot(result.modulePath, result.moduleName)
    );
    existingPytestConfigText = texts[pythonpath.file] ?? null;
    if (!pythonpath.ok) {
      result = {
        ok: false,
        reasons: [
          {
            code: 'pytest-config',
            message: pythonpath.message,
            hint: fillPromoteText(PYTEST_CONFIG_HINT),
            texts: {
              message: pythonpath.texts.message,
              hint: PYTEST_CONFIG_HINT
            }
          }
        ]
      };
    }
  }
  return {
    inputs,
    result,
    existingModuleText,
    existingTestText,
    moduleDiff: result.ok
      ? diffTexts(existingModuleText, result.moduleText)
      : null,
    testDiff: result.ok ? diffTexts(existingTestText, result.testText) : null,
    conflict,
    pythonpath,
    existingPytestConfigText,
    canAccept: result.ok
  };
}

/** The writes an accepted preview makes, with the package folders that get `__init__.py`. */
export function writesFor(state: PreviewState): {
  plan: WritePlan;
  initFolders: string[];
  result: PromotionPlan;
} {
  if (!state.result.ok) {
    throw new TranslatableError(tr =>
      tr.__('This preview was refused; there is nothing to write.')
    );
  }
  const result = state.result;
  const plan = planWrites({
    root: state.inputs.root,
    modulePath: result.modulePath,
    moduleName: result.moduleName,
    moduleText: result.moduleText,
    existingModuleText: state.existingModuleText,
    testPath: result.testPath,
    testText: result.testText,
    existingTestText: state.existingTestText,
    pytestConfig:
      state.pythonpath?.ok === true && state.pythonpath.changed
        ? {
            path: state.pythonpath.file,
            text: state.pythonpath.text,
            existingText: state.existingPytestConfigText
          }
        : undefined
  });
  const initFolders = packageFolders(
    joinPath(state.inputs.root, result.modulePath),
    result.moduleName
  );
  return { plan, initFolders, result };
}
