/**
 * The promote refusals' text (of the cells, the selection, the module path and the function
 * name) and the preview's warnings, in one place for translators: each template with its
 * {{placeholders}}, by id. A refusal carries the ids and values it was filled from
 * (`PromotionRefusalReason.texts`), so the lab translates the template and fills it
 * afterwards, as it does for lint messages; the CLI prints the English `message` and `hint`.
 * The message catalogue (`messageCatalogue().promote`) puts them in nbcraft.pot.
 */
import { formatMessage } from '../engine/text';

export const PROMOTE_TEXTS = {
  nothingToPromote:
    'the selection holds only imports, comments, IPython commands or a displayed name; there is no code to move into a function',
  nothingToPromoteHint: 'select cells with code that computes something',
  moduleSyntaxError:
    '{{path}} does not parse (line {{line}}: {{detail}}); it cannot be updated safely',
  moduleDoesNotParse: '{{path}} does not parse; it cannot be updated safely',
  moduleDoesNotParseHint:
    'fix the module first, or promote into another module',
  moduleBindsImported:
    '{{path}} already binds `{{name}}` (`{{clash}}`), but the promoted code needs `{{needed}}`',
  moduleBindsName:
    '{{path}} already binds `{{name}}`, but the promoted code needs `{{needed}}`',
  moduleBindsNameHint: 'rename one of them, or promote into another module',
  moduleDefinesFunction:
    '{{path}} already defines a different function `{{name}}`',
  moduleDefinesClass: '{{path}} already defines a different class `{{name}}`',
  moduleDefinesOther: '{{path}} already defines a different other `{{name}}`',
  moduleDefinesName: '{{path}} already defines the name `{{name}}`',
  moduleDefinesFunctionHint:
    'choose another function name, or resolve with --on-conflict replace (overwrite it) or rename (add it as a new name)',
  moduleDefinesNameHint:
    'choose another function name, or resolve with --on-conflict rename',
  displayInside:
    'cell {{cell}} calls display() inside the code to promote; display stays in the notebook',
  displayInsideHint:
    'make display(...) the last statement of the selection, or return the value and display it in the notebook',
  magicBetween:
    '`{{command}}` in cell {{cell}} sits between Python statements of the selection; it must stay in the notebook, in order',
  magicBetweenHint:
    'promote the code before and after it separately, or move the command to the start or end of the selection',
  wrapperInGroup:
    '`{{command}}` wraps one cell of a multi-cell selection; after promotion it would wrap all of them',
  wrapperInGroupHint: 'promote that cell on its own',
  magicInDatabricksCall:
    'in a Databricks source notebook an IPython command cannot share the call cell',
  magicInScriptCall:
    'in a percent-script notebook an IPython command cannot share the call cell',
  magicInScriptCallHint: 'leave the cell with the command out of the selection',
  lateBinding:
    'a function defined in the selection reads `{{name}}`, which a later cell rebinds; after promotion it would keep the old value',
  lateBindingHint:
    'make `{{name}}` a parameter of that inner function, or leave it out of the selection',
  noCellsSelected: 'no cells selected',
  noCellsSelectedHint: 'select the code cells to promote',
  noSuchCell: 'cell {{cell}} does not exist (the notebook has {{count}} cells)',
  noSuchCellHint: 'select existing cells',
  selectionGap:
    'the selection skips code cell {{cell}}; promoted cells must be contiguous',
  selectionGapHint:
    'include cell {{cell}}, or promote the parts before and after it separately',
  deepMetadata:
    "cell {{cell}}'s metadata is nested more than {{depth}} levels deep",
  deepMetadataHint:
    'remove or flatten that metadata (the property inspector shows it), then promote again',
  noCodeCell: 'the selection holds no code cell',
  noCodeCellHint: 'select at least one code cell',
  controlCharacterPath: '`{{path}}` is a path with a control character',
  controlCharacterPathHint:
    'remove the invisible character (a pasted tab or line break), shown escaped in the path',
  trailingDotOrSpacePath: '`{{path}}` has a name ending in a dot or a space',
  trailingDotOrSpacePathHint:
    'remove the dot or space: Windows drops it, so another file would be written',
  invisibleCharacterPath:
    '`{{path}}` is a path with an invisible or direction-changing character',
  invisibleCharacterPathHint:
    'remove the character shown escaped in the path (a zero-width space, a soft hyphen or a direction mark pasted with it)',
  notAModulePath: '`{{path}}` cannot be imported as a Python module',
  notAModulePathHint:
    'use a .py path whose folders and name are identifiers, e.g. src/mypkg/features.py',
  moduleOutsideProject: '`{{path}}` is outside the project',
  moduleOutsideProjectHint:
    'give a path relative to the project root, without ..',
  badFunctionName: '`{{name}}` is not a valid Python function name',
  badFunctionNameHint:
    'use letters, digits and underscores, not starting with a digit',
  functionNameTaken: 'the notebook already uses the name `{{name}}`',
  functionNameTakenHint: 'choose a function name the notebook does not use',
  cellNotPython: 'cell {{cell}} is {{language}}, not Python',
  cellNotPythonHint: 'leave non-Python cells out of the selection',
  cellSyntaxError: 'cell {{cell}} does not parse: {{detail}}',
  cellDoesNotParse: 'cell {{cell}} does not parse',
  cellSyntaxErrorHint: 'fix the syntax error first',
  cellLevelDeclaration:
    "`{{statement}}` at cell level: the function could not rebind the notebook's names",
  cellLevelDeclarationHint:
    'assign the names in the notebook from returned values instead, then promote',
  starImport: '`from {{module}} import *`: the names it binds cannot be known',
  starImportHint:
    'import the names you use explicitly (`from {{module}} import a, b`)',
  execEval:
    'the cell calls exec/eval/globals()/locals()/vars(): the names it reads and writes cannot be known',
  execEvalHint:
    'replace the dynamic access with plain names, or leave this cell out of the selection',
  returnYield:
    'a `return` or `yield` at cell level would change meaning inside a function',
  returnYieldHint: 'remove it, or leave this cell out of the selection',
  breakOutsideLoop:
    'a `break` or `continue` outside a loop: Python refuses to run this cell as it is',
  breakOutsideLoopHint:
    'put it inside the loop it belongs to (or remove it), then promote',
  nestedGlobal:
    "a function in the cell declares `global {{names}}`: in a module it would write the module's global, not the notebook's",
  nestedGlobalHint: 'pass the value in and return it instead of using `global`',
  moduleName:
    "the cell reads `__name__`, which is '__main__' in the notebook but the module's own name inside a module",
  moduleNameHint:
    'leave this cell out of the selection, or drop the `__name__` check',
  topLevelAwait:
    'top-level `await` (IPython runs it in its event loop); a plain function cannot',
  topLevelAwaitHint:
    'leave this cell out of the selection, or wrap the code in an `async def` yourself',
  runMagic:
    '`%run` executes another notebook or script into this namespace: its names cannot be known',
  runMagicHint:
    'import what the script defines instead of `%run`, or leave this cell out of the selection',
  cellMagic:
    '`{{magic}}` runs the cell its own way; the body cannot simply move into a function',
  cellMagicNotPython: '`{{magic}}` makes the cell {{language}}, not Python',
  leaveCellOut: 'leave this cell out of the selection',
  lineMagic:
    '`{{magic}}` runs its statement its own way (timeit repeats it in a separate namespace)',
  lineMagicHint: 'remove the magic or leave this cell out of the selection',
  nestedMagic:
    'the IPython command on line {{line}} is inside a block; it cannot stay in the notebook while the block moves',
  nestedMagicHint:
    'move the command out of the block (to the start or end of the selection), or leave this cell out',
  outputHistory:
    "cell {{cell}} reads IPython's output history `{{name}}`, which a module function cannot see",
  outputHistoryHint: 'name the value in the notebook and use that name instead',
  generatedSyntaxAt:
    'the {{path}} promote would write does not parse (line {{line}}: {{detail}}); nothing was written',
  generatedSyntax:
    'the {{path}} promote would write does not parse; nothing was written',
  generatedSyntaxHint:
    'report this as an nbcraft bug, with the notebook; rename the notebook or function meanwhile',
  // Why pytest's config could not get the module's import root (the dialog refuses with it).
  pythonpathMultiline:
    '{{file}}:{{line}}: [{{section}}] pythonpath spans several lines; add `{{entry}}` to it yourself',
  pytestConfigBroken: '{{problem}}; fix it, then promote',
  pytestOptionsInline:
    '{{file}}: [tool.pytest.ini_options] is written as a dotted or inline table; add pythonpath = [{{entry}}] to it yourself',
  pythonpathLineNotFound:
    '{{file}}: could not find the pythonpath line of [tool.pytest.ini_options]; add {{entry}} to it yourself',
  pytestConfigHint:
    'the promoted module would not import from the notebook or from pytest; fix the file and try again',
  // The preview's warnings: promoted, but worth a look.
  warnRelativeImport:
    '`{{module}}` is a relative import; check it still resolves from {{path}}',
  warnRenamed:
    '{{path}} already defines a different `{{name}}`; the new function is `{{newName}}`',
  warnModuleUpToDate: '{{path}} already holds this exact `{{name}}`',
  warnDisplayDropped:
    'cell {{cell}} displayed `{{expression}}`; inside the function that value is no longer shown',
  warnMaybeUnbound:
    '`{{name}}` is bound only on some paths of the selection and nowhere before it; the function may fail with UnboundLocalError where the notebook failed with NameError',
  warnUnboundAfter:
    '`{{name}}` is read by a later cell but is unbound after the selection (an `except ... as {{name}}` target is deleted after its clause)',
  warnErrorOutput:
    'cell {{cell}} raised an error when it last ran; inside the function the code after it would not run',
  warnMagicMoved:
    '`{{command}}` (cell {{cell}}) now runs before the promoted code',
  warnUnparsedLaterCell:
    'cell {{cell}} does not parse, so what it reads is unknown; every name the selection binds is returned',
  warnDynamicAccess:
    'cell {{cell}} uses exec/eval/globals(), which may read any notebook name; every name the selection binds is returned',
  warnMutatesParam:
    'the function changes its argument `{{name}}` in place, as the cells did'
} as const;

export type PromoteTextId = keyof typeof PROMOTE_TEXTS;

/** Which template a text was filled from, and with what (names, paths, numbers: never translated). */
export interface PromoteTextRef {
  id: PromoteTextId;
  data?: Record<string, string>;
}

/** A refusal's message and hint, in English and as the template references the lab translates. */
export function refusalTexts(
  message: PromoteTextRef,
  hint: PromoteTextRef
): {
  message: string;
  hint: string;
  texts: { message: PromoteTextRef; hint: PromoteTextRef };
} {
  return {
    message: fillPromoteText(message),
    hint: fillPromoteText(hint),
    texts: { message, hint }
  };
}

/** A one-line text (a preview warning, a pytest config problem): English, and the template reference the lab translates. */
export function messageTexts(message: PromoteTextRef): {
  message: string;
  texts: { message: PromoteTextRef };
} {
  return { message: fillPromoteText(message), texts: { message } };
}

/** A text filled in from its template (`template` = a translated one, else the English). */
export function fillPromoteText(
  ref: PromoteTextRef,
  template: string = PROMOTE_TEXTS[ref.id]
): string {
  return formatMessage(template, ref.data ?? {});
}
