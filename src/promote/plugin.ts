/**
 * Wiring of "Promote to module...": command, palette entry, settings. The context-menu
 * entry and the keyboard shortcut are declared in schema/promote.json.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { type DocumentRegistry, DocumentWidget } from '@jupyterlab/docregistry';
import {
  NotebookReadError,
  planPromotion,
  type KernelValues
} from '@nbcraft/lint-rules';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { pythonIcon, undoIcon } from '@jupyterlab/ui-components';

import {
  applyCellChanges,
  checkUnchanged,
  recordCellChanges,
  withInsertedIds
} from './applyCells';
import { FolderReader } from '../core/folderReader';
import { CommandIDs } from '../core/commandIds';
import { errorText } from '../core/translatable';
import { keepTabInDialog } from '../core/focus';
import { PLUGIN_ID } from './tokens';
import { showImportNotice } from './importNotice';
import { PromoteBody, type PromoteDialogValue } from './dialog';
import {
  DEFAULT_SETTINGS,
  defaultModulePath,
  defaultTestsDir,
  findProjectConfig,
  findProjectPackage,
  joinPath,
  type PromoteSettings
} from './paths';
import { kernelPathCode, runSilently } from './kernelPath';
import { requestKernelValues, valueQuery } from './kernelValues';
import {
  buildPreview,
  notebookFromModel,
  writesFor,
  type PlanFunction
} from './session';
import { emptyFolderRemover } from './emptyFolder';
import { executeWrites } from './writePlan';
import { leftToUndo, rolledBackWhole } from './rollBack';
import {
  deletedFiles,
  type PromoteRecord,
  tabsOfDeleted,
  undoMessage,
  undoPromote,
  undoRefusal,
  promotedToast,
  undoToast
} from './undoPromote';
import {
  existingPathAsker,
  kindAsker,
  plannedFileReader
} from './plannedFiles';

/** Each open notebook's last promotion, for "Undo Promote" (kept while the tab is open). */
const lastPromote = new WeakMap<NotebookPanel, PromoteRecord>();
/** The notebooks whose Undo Promote is running: a second one is refused meanwhile. */
const undoing = new WeakSet<NotebookPanel>();

/**
 * Close the tabs of files Undo Promote deleted, unless they hold unsaved changes (closing
 * would lose them): answers the paths of those left open, for the message.
 */
function closeDeletedTabs(app: JupyterFrontEnd, deleted: string[]): string[] {
  if (deleted.length === 0) {
    return [];
  }
  const contents = app.serviceManager.contents;
  const open = [];
  for (const widget of app.shell.widgets('main')) {
    if (widget instanceof DocumentWidget) {
      const context = widget.context as DocumentRegistry.Context;
      open.push({
        widget,
        path: contents.localPath(context.path),
        dirty: context.model.dirty
      });
    }
  }
  const { close, keep } = tabsOfDeleted(deleted, open);
  for (const { widget } of close) {
    widget.close();
  }
  return keep;
}

/**
 * Undo the last promotion of `panel` (`captured`: only when it is still that one, for a
 * notification's action), and say what was done and what was left. What a partial undo
 * left stays the record, so a retry touches only that.
 */
async function undoLastPromote(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  trans: TranslationBundle,
  captured?: PromoteRecord
): Promise<void> {
  const record = lastPromote.get(panel);
  const refusal = undoRefusal(record, captured, undoing.has(panel), trans);
  if (refusal !== null) {
    Notification.info(refusal, { autoClose: 8000 });
    return;
  }
  if (!record) {
    return; // undoRefusal said so
  }
  const contents = app.serviceManager.contents;
  undoing.add(panel);
  try {
    const result = await undoPromote(
      panel.context.model.sharedModel,
      record,
      contents,
      emptyFolderRemover(contents),
      existingPathAsker(contents.serverSettings, { remember: false })
    );
    const keptOpen = closeDeletedTabs(app, deletedFiles(record.made, result));
    // the toast cuts a message at 140 characters: a short one, the whole behind Details
    const message = undoMessage(record, result, trans, keptOpen);
    const details = {
      label: trans.__('Details'),
      callback: () => {
        void showDialog({
          title: trans.__('Undo Promote'),
          body: message, // a string body is shown as text, not markup
          buttons: [Dialog.okButton()]
        });
      }
    };
    const toast = undoToast(record, result, trans, keptOpen);
    if (rolledBackWhole(result.outcome)) {
      lastPromote.delete(panel);
      if (keptOpen.length) {
        // a tab left open on a deleted file: the user has something to look at
        Notification.warning(toast, { autoClose: false, actions: [details] });
      } else {
        Notification.success(toast, { autoClose: 8000, actions: [details] });
      }
    } else {
      // the same record (a notification's action still matches it), less what went
      record.made = leftToUndo(record.made, result.outcome);
      Notification.warning(toast, { autoClose: false, actions: [details] });
    }
  } catch (error) {
    Notification.error(
      trans.__('Undo Promote failed: %1', errorText(error, trans)),
      { autoClose: false }
    );
  } finally {
    undoing.delete(panel);
  }
}

function readSettings(
  settings: ISettingRegistry.ISettings | null
): PromoteSettings {
  if (!settings) {
    return DEFAULT_SETTINGS;
  }
  const composite = settings.composite as Partial<PromoteSettings>;
  return { ...DEFAULT_SETTINGS, ...composite };
}

/** The selected cells (or the active one), as 0-based indices. */
function selectedCells(panel: NotebookPanel): number[] {
  const notebook = panel.content;
  const cells: number[] = [];
  notebook.widgets.forEach((cell, index) => {
    if (notebook.isSelectedOrActive(cell)) {
      cells.push(index);
    }
  });
  return cells;
}

/**
 * Values for a characterization test from the notebook's idle kernel, or undefined. A
 * quick plan tells which names to ask for; a busy or slow kernel is not waited on.
 */
async function askKernel(
  panel: NotebookPanel,
  quickPlan: () => ReturnType<PlanFunction>
): Promise<KernelValues | undefined> {
  const kernel = panel.sessionContext.session?.kernel;
  if (kernel?.status !== 'idle') {
    return undefined;
  }
  const planned = quickPlan();
  if (!planned.ok) {
    return undefined;
  }
  const notebook = notebookFromModel(
    panel.context.path,
    panel.context.model.toJSON()
  );
  const query = valueQuery(notebook, planned);
  if (!query) {
    return undefined;
  }
  const timeout = new Promise<null>(resolve => {
    window.setTimeout(() => {
      resolve(null);
    }, 5000);
  });
  try {
    const values = await Promise.race([
      requestKernelValues(kernel, query),
      timeout
    ]);
    return values ?? undefined;
  } catch {
    return undefined;
  }
}

async function promote(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  plan: PlanFunction,
  settings: PromoteSettings,
  trans: TranslationBundle
): Promise<void> {
  const contents = app.serviceManager.contents;
  const model = panel.context.model;
  const path = panel.context.path;
  const cells = selectedCells(panel);
  let notebook;
  try {
    notebook = notebookFromModel(path, model.toJSON());
  } catch (error) {
    const where =
      error instanceof NotebookReadError && error.hint ? ` ${error.hint}` : '';
    const message = error instanceof Error ? error.message : String(error);
    Notification.error(trans.__('Cannot read %1: %2', path, message + where), {
      autoClose: false
    });
    return;
  }
  // one listing per folder answers "is it there?" for every file the preview looks for;
  // where a listing cannot (a case twin, a folder too large to list), the route answers
  const askPaths = existingPathAsker(contents.serverSettings);
  const reader = new FolderReader(contents, {
    existingPath: path,
    askKind: kindAsker(askPaths)
  });
  const project = await findProjectConfig(path, file =>
    reader.readText(file).catch(() => null)
  );
  // the Jupyter root's own folder name, as the CLI run there names the package
  const serverRootName = PathExt.basename(
    PageConfig.getOption('serverRoot').replace(/\/+$/, '')
  );
  // the package the project names (an existing one, pyproject.toml's [project] name),
  // else the folder's name
  const projectPackage = await findProjectPackage(
    project,
    serverRootName,
    file => reader.readText(file).catch(() => null),
    file =>
      reader
        .kind(file)
        .then(kind => kind === 'file')
        .catch(() => false)
  );
  const modulePath = defaultModulePath(
    path,
    project,
    settings,
    serverRootName,
    projectPackage
  );
  const testsDir = defaultTestsDir(project, settings);
  const kernelValues = settings.characterizationValues
    ? await askKernel(panel, () =>
        plan({ notebook, cells, modulePath, testsDir, onConflict: 'replace' })
      )
    : undefined;
  // every name is asked of the server too: what the listings leave out (hide_globs), and
  // whether a symbolic link is on the way (refused: Contents would write where it leads)
  const readPlanned = plannedFileReader(reader, contents, askPaths);
  const body = new PromoteBody({
    trans,
    root: project.root,
    configProblem: project.problem,
    openModule: settings.openModule,
    initial: {
      notebook,
      cells,
      root: project.root,
      modulePath,
      testsDir,
      onConflict: 'fail',
      kernelValues
    },
    replan: inputs => buildPreview(inputs, plan, readPlanned, trans)
  });
  const dialog = new Dialog<PromoteDialogValue>({
    title: trans.__('Promote to module'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Promote') })
    ],
    focusNodeSelector: '.jp-nbcraft-promote-function'
  });
  dialog.addClass('jp-nbcraft-promote-dialog');
  // Its Promote button is disabled while the preview is refused: Tab must not leave the dialog.
  keepTabInDialog(dialog);
  const answer = await dialog.launch();
  const state = answer.value?.state;
  if (!answer.button.accept || !state?.result.ok) {
    return;
  }
  try {
    // The notebook may have changed while the dialog was open: check before writing anything.
    const planned = new Map<number, string>();
    for (const index of state.result.replacedCells) {
      planned.set(index, notebook.cells[index].source);
    }
    for (const edit of state.result.cellEdits) {
      planned.set(edit.cell, notebook.cells[edit.cell].source);
    }
    checkUnchanged(model.sharedModel, planned);
    const { plan: writes, initFolders, result } = writesFor(state);
    const written = await executeWrites(
      contents,
      writes,
      initFolders,
      path,
      emptyFolderRemover(contents),
      // asked again, remembering nothing: a link may have been planted since the preview
      existingPathAsker(contents.serverSettings, { remember: false })
    );
    const recorded = recordCellChanges(model.sharedModel, result);
    const applied = applyCellChanges(model.sharedModel, result);
    const cellsUndo = withInsertedIds(model.sharedModel, recorded, applied);
    const record: PromoteRecord = {
      label: `${result.moduleName}.${result.functionName}`,
      cells: cellsUndo,
      made: written.made
    };
    lastPromote.set(panel, record);
    const kernel = panel.sessionContext.session?.kernel;
    if (state.pythonpath?.ok) {
      // the running kernel started before the entry existed: hand it the same folder
      await runSilently(
        kernel,
        kernelPathCode(path, state.inputs.root, state.pythonpath.entry)
      );
    }
    const modulePath = joinPath(state.inputs.root, result.modulePath);
    panel.content.activeCellIndex = applied.first;
    if (answer.value?.openModule) {
      await app.commands.execute('docmanager:open', {
        path: modulePath,
        options: { mode: 'split-right', ref: panel.id }
      });
    }
    const toast = promotedToast(result, written.written, trans, () => {
      // this promote's record: a later promote's is not this action's to undo
      void undoLastPromote(app, panel, trans, record);
    });
    Notification.success(toast.message, toast.options);
    if (kernel && result.importCell !== null) {
      // The import went into the notebook's import cell, which this kernel ran before the line
      // was there. nbcraft does not import for the user: the import may run the project's own
      // code (a package's __init__.py, the module's imports, a cached .pyc), which runs only when
      // the user runs a cell.
      showImportNotice(
        panel,
        model.cells.get(result.importCell),
        trans.__(
          "The import of %1 went into the notebook's import cell: run that cell (or restart the kernel) before the call cell.",
          result.functionName
        )
      );
    }
  } catch (error) {
    Notification.error(
      trans.__('Promote failed: %1', errorText(error, trans)),
      { autoClose: false }
    );
  }
}

export const promotePlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Promote notebook cells to a function in a tested Python module.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    registry: ISettingRegistry | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    let settings: ISettingRegistry.ISettings | null = null;
    if (registry) {
      registry
        .load(PLUGIN_ID)
        .then(loaded => {
          settings = loaded;
        })
        .catch((error: unknown) => {
          console.warn('nbcraft: promote settings could not be loaded', error);
        });
    }
    app.commands.addCommand(CommandIDs.promote, {
      label: trans.__('Promote to Module…'),
      icon: pythonIcon,
      caption: trans.__(
        'Move the selected cells into a function in a Python module, with a test'
      ),
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = tracker.currentWidget;
        if (!panel) {
          return;
        }
        await promote(app, panel, planPromotion, readSettings(settings), trans);
      }
    });
    palette?.addItem({ command: CommandIDs.promote, category: 'nbcraft' });
    app.commands.addCommand(CommandIDs.undoPromote, {
      label: trans.__('Undo Last Promote'),
      icon: undoIcon,
      caption: trans.__(
        "Put back the cells of this notebook's last promote and delete the files it made, unless edited since"
      ),
      isEnabled: () => {
        const panel = tracker.currentWidget;
        return panel !== null && lastPromote.has(panel);
      },
      execute: async () => {
        const panel = tracker.currentWidget;
        if (panel) {
          await undoLastPromote(app, panel, trans);
        }
      }
    });
    palette?.addItem({ command: CommandIDs.undoPromote, category: 'nbcraft' });
  }
};
