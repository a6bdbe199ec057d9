/**
 * Wiring of live linting: one session per open notebook, cell decorations through the editor
 * extension registry, the notebook banner, the diagnostics panel, the status-bar item and the
 * commands. Logic lives in the modules it imports.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import {
  EditorExtensionRegistry,
  IEditorExtensionRegistry
} from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { codeCheckIcon, listIcon } from '@jupyterlab/ui-components';
import type { Finding } from '@nbcraft/lint-rules';

import { INbcraftCore } from '../core/plugin';
import { repositoryLookup } from '../provenance/repositoryLookup';

import {
  CellDiagnosticsStore,
  cellDiagnosticsExtension
} from './cellDiagnostics';
import type { CellDiagnosticsEntry, FindingAction } from './cellDiagnostics';
import { DiagnosticsPanel } from './diagnosticsPanel';
import type { NotebookLintReport } from './lintReport';
import { WorkerLintRunner } from './workerRunner';
import { NotebookLintSession } from './lintSession';
import { DEFAULT_LINT_SETTINGS, readLintSettings } from './lintSettings';
import type { LintUserSettings } from './lintSettings';
import { LintStatusItem } from './lintStatus';
import { fixActionLabel } from './messages';
import { NotebookLintBanner } from './notebookBanner';
import { CommandIDs } from '../core/commandIds';
import {
  DIAGNOSTICS_PANEL_ID,
  LINT_PLUGIN_ID,
  PROMOTE_WORTHY_RULES
} from './tokens';

const CONFIG_FILE = /(^|\/)(nbcraft\.json|pyproject\.toml)$/;

export const lintPlugin: JupyterFrontEndPlugin<void> = {
  id: LINT_PLUGIN_ID,
  description:
    'Live notebook linting with the rules and config of `nbcraft lint`.',
  autoStart: true,
  requires: [INotebookTracker, IEditorExtensionRegistry],
  optional: [
    ISettingRegistry,
    IStatusBar,
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    INbcraftCore
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    extensions: IEditorExtensionRegistry,
    settingRegistry: ISettingRegistry | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    core: INbcraftCore | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    let settings: LintUserSettings = DEFAULT_LINT_SETTINGS;
    const sessions = new Map<NotebookPanel, NotebookLintSession>();
    // Linting runs in a Web Worker: `lint-worker.js` is a self-contained esbuild bundle (the
    // builder's module federation gives a worker no shared scope), emitted by rspack as a plain
    // asset because the URL is not written inside `new Worker(...)`. Falls back to this thread.
    const workerUrl = new URL('./lint-worker.js', import.meta.url);
    const runner = new WorkerLintRunner(() => new Worker(workerUrl));

    const sessionOf = (finding: Finding): NotebookLintSession | undefined =>
      [...sessions.values()].find(s => s.report.findings.includes(finding));

    const applyFix = (finding: Finding) => {
      const plan = sessionOf(finding)?.applyFix(finding);
      if (plan && !plan.ok) {
        Notification.info(
          trans.__(
            'The cell changed since it was checked; the fix will be offered again in a moment.'
          ),
          { autoClose: 4000 }
        );
      }
    };

    const actionsFor = (finding: Finding): FindingAction[] => {
      const actions: FindingAction[] = [];
      const fixLabel = fixActionLabel(finding, trans);
      if (fixLabel !== undefined) {
        actions.push({
          label: fixLabel,
          apply: () => {
            applyFix(finding);
          }
        });
      }
      if (
        PROMOTE_WORTHY_RULES.has(finding.ruleId) &&
        app.commands.hasCommand(CommandIDs.promote)
      ) {
        actions.push({
          label: trans.__('Promote to Module…'),
          apply: () => {
            const session = sessionOf(finding);
            if (session && finding.cell !== null) {
              session.panel.content.activeCellIndex = finding.cell;
            }
            void app.commands.execute(CommandIDs.promote);
          }
        });
      }
      return actions;
    };

    const store = new CellDiagnosticsStore(actionsFor, trans);
    extensions.addExtension({
      name: 'nbcraft:lint-diagnostics',
      factory: options => {
        const model = options.model as unknown as {
          sharedModel?: { getId?: unknown };
        };
        // only cell editors (their model is the cell model) are linted
        if (typeof model.sharedModel?.getId !== 'function') {
          return null;
        }
        return EditorExtensionRegistry.createImmutableExtension(
          cellDiagnosticsExtension(store, options.model)
        );
      }
    });

    const jumpTo = (finding: Finding) => {
      const session =
        sessionOf(finding) ??
        (tracker.currentWidget && sessions.get(tracker.currentWidget));
      if (!session || finding.cell === null) {
        return;
      }
      const { panel } = session;
      const cellId = session.report.cells[finding.cell]?.id;
      const notebook = panel.content;
      const index = notebook.widgets.findIndex(
        c => c.model.sharedModel.getId() === cellId
      );
      if (index < 0) {
        return;
      }
      app.shell.activateById(panel.id);
      notebook.deselectAll();
      notebook.activeCellIndex = index;
      const cell = notebook.widgets[index];
      void notebook.scrollToCell(cell).then(() => {
        if (cell.model.type !== 'code') {
          return;
        }
        notebook.mode = 'edit';
        cell.editor?.setCursorPosition({
          line: finding.start?.line ?? 0,
          column: finding.start?.column ?? 0
        });
        cell.editor?.focus();
      });
    };

    // The diagnostics panel: a main-area tab like any other (icon, close button), made when
    // first opened and again after it was closed, tracked so that a reload brings it back.
    const panels = new WidgetTracker<MainAreaWidget<DiagnosticsPanel>>({
      namespace: 'nbcraft-lint-diagnostics'
    });
    restorer
      ?.restore(panels, {
        command: CommandIDs.openLintPanel,
        name: () => 'diagnostics'
      })
      .catch(() => undefined);
    let diagnostics: MainAreaWidget<DiagnosticsPanel> | null = null;
    const diagnosticsPanel = (): MainAreaWidget<DiagnosticsPanel> => {
      if (diagnostics && !diagnostics.isDisposed) {
        return diagnostics;
      }
      const content = new DiagnosticsPanel({ jumpTo, applyFix }, trans);
      const widget = new MainAreaWidget({ content });
      widget.id = DIAGNOSTICS_PANEL_ID;
      widget.title.label = trans.__('Lint');
      widget.title.caption = trans.__(
        'nbcraft lint findings of the current notebook'
      );
      widget.title.icon = listIcon;
      widget.title.closable = true;
      void panels.add(widget);
      diagnostics = widget;
      return widget;
    };

    const status = new LintStatusItem(trans, () => {
      void app.commands.execute(CommandIDs.openLintPanel);
    });
    statusBar?.registerStatusItem(`${LINT_PLUGIN_ID}-status`, {
      item: status,
      align: 'left',
      rank: 4,
      isActive: () => tracker.currentWidget !== null
    });

    const showCurrent = () => {
      const current = tracker.currentWidget;
      const session = current ? sessions.get(current) : undefined;
      const report = session?.report ?? null;
      if (diagnostics && !diagnostics.isDisposed) {
        // an open notebook not linted yet (a reload: the worker starts first) is "linting"
        diagnostics.content.showReport(
          session?.linted ? report : null,
          current && !session?.linted ? current.context.path : null
        );
      }
      status.showReport(report);
    };

    const publishToEditors = (
      session: NotebookLintSession,
      report: NotebookLintReport
    ) => {
      const updates: [object, CellDiagnosticsEntry | null][] = [];
      const sources = new Map(report.cells.map(c => [c.id, c.source]));
      for (const cell of session.panel.context.model.cells) {
        const id = cell.sharedModel.getId();
        const source = sources.get(id);
        updates.push([
          cell,
          source === undefined
            ? null
            : { source, findings: report.byCell.get(id) ?? [] }
        ]);
      }
      store.update(updates);
    };

    tracker.widgetAdded.connect((_tracker, panel) => {
      const session = new NotebookLintSession(panel, {
        contents: app.serviceManager.contents,
        settings: () => settings,
        runner,
        repository: core ? repositoryLookup(core) : undefined
      });
      sessions.set(panel, session);
      if (tracker.currentWidget === panel) {
        showCurrent(); // the tracker may have made it current before this handler ran
      }
      const banner = new NotebookLintBanner(jumpTo, trans);
      panel.contentHeader.addWidget(banner);
      session.changed.connect((_s, report) => {
        publishToEditors(session, report);
        banner.render(report);
        if (tracker.currentWidget === panel) {
          showCurrent();
        }
      });
      panel.disposed.connect(() => {
        session.dispose();
        sessions.delete(panel);
        showCurrent();
      });
    });
    tracker.currentChanged.connect(showCurrent);

    NotebookActions.executed.connect((_sender, { notebook }) => {
      for (const session of sessions.values()) {
        if (session.panel.content === notebook) {
          session.schedule();
        }
      }
    });

    app.serviceManager.contents.fileChanged.connect((_sender, change) => {
      const paths = [change.oldValue?.path, change.newValue?.path];
      if (paths.some(p => typeof p === 'string' && CONFIG_FILE.test(p))) {
        sessions.forEach(s => {
          s.reloadConfig();
        });
      }
    });

    app.commands.addCommand(CommandIDs.openLintPanel, {
      label: trans.__('Show Lint Diagnostics'),
      caption: trans.__(
        'List every nbcraft lint finding of the current notebook'
      ),
      icon: listIcon,
      execute: () => {
        const widget = diagnosticsPanel();
        if (!widget.isAttached) {
          // Below the notebook it lints (not below whatever tab is current).
          const notebook = tracker.currentWidget;
          app.shell.add(widget, 'main', {
            ref: notebook?.isAttached ? notebook.id : undefined,
            mode: 'split-bottom'
          });
        }
        app.shell.activateById(widget.id);
        showCurrent();
        widget.content.focusFindings();
      }
    });
    app.commands.addCommand(CommandIDs.relint, {
      label: trans.__('Lint Notebook Now'),
      caption: trans.__(
        'Re-read the nbcraft config and lint the current notebook'
      ),
      icon: codeCheckIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => {
        const current = tracker.currentWidget;
        if (current) {
          sessions.get(current)?.reloadConfig();
        }
      }
    });
    palette?.addItem({
      command: CommandIDs.openLintPanel,
      category: 'nbcraft'
    });
    palette?.addItem({ command: CommandIDs.relint, category: 'nbcraft' });

    if (settingRegistry) {
      void settingRegistry
        .load(LINT_PLUGIN_ID)
        .then(loaded => {
          const apply = () => {
            settings = readLintSettings(loaded.composite);
            store.gutter = settings.gutter;
            sessions.forEach(s => {
              s.reloadConfig();
            });
          };
          loaded.changed.connect(apply);
          apply();
        })
        .catch((error: unknown) => {
          console.warn(
            'nbcraft lint: settings could not be loaded, using defaults',
            error
          );
        });
    }
  }
};
