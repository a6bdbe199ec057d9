import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  ICommandPalette,
  IThemeManager,
  MainAreaWidget,
  Notification,
  ToolbarButton,
  WidgetTracker
} from '@jupyterlab/apputils';
import {
  INotebookTracker,
  NotebookActions,
  type NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';

import { INbcraftCore } from '../core/plugin';
import { chartTheme } from './chartTheme';
import { provenanceMount } from '../provenance/mount';
import { TrackingClient } from './client';
import { CompareView } from './compare';
import { prefetchCompare } from './prefetch';
import { TrackingController, type INotebookContext } from './controller';
import { trackingIcon } from './icon';
import { modelSnippet, runName, runUiUrl } from './runFields';
import type { Run } from './schemas';
import { embeddedSignIn } from './signIn';
import { confirmEmbeddedSignIn } from './signInDialog';
import { TrackingSidebar } from './sidebar';
import { keepSidebarState } from './sidebarState';
import { TrackingStatusItem } from './statusItem';
import { TrackingStatusWatch, type ITrackingStatusWatch } from './statusWatch';
import { CommandIDs } from '../core/commandIds';
import {
  ITrackingStatus,
  PLUGIN_ID,
  SIDEBAR_ID,
  STATUS_ITEM_ID
} from './tokens';
import { errorText } from '../core/translatable';

/** The notebook metadata key that links a notebook to an experiment. */
const METADATA_KEY = 'nbcraft';

function notebookContext(panel: NotebookPanel | null): INotebookContext | null {
  if (!panel) {
    return null;
  }
  const meta = panel.model?.getMetadata(METADATA_KEY) as
    { experiment_id?: unknown } | undefined;
  const linked =
    meta && typeof meta.experiment_id === 'string' ? meta.experiment_id : null;
  return { path: panel.context.path, linkedExperimentId: linked };
}

/**
 * Experiment tracking: the MLflow runs of the active notebook's experiment in a
 * sidebar, run details, charts and compare in the main area, a status bar item.
 */
export const trackingPlugin: JupyterFrontEndPlugin<ITrackingStatusWatch> = {
  id: PLUGIN_ID,
  description:
    'MLflow runs beside the notebook: filter, sort, details, charts, compare, live refresh.',
  autoStart: true,
  provides: ITrackingStatus,
  requires: [INbcraftCore],
  optional: [
    ITranslator,
    INotebookTracker,
    IStatusBar,
    ISettingRegistry,
    ICommandPalette,
    IThemeManager,
    ILayoutRestorer,
    IStateDB
  ],
  activate: async (
    app: JupyterFrontEnd,
    core: INbcraftCore,
    translator: ITranslator | null,
    notebooks: INotebookTracker | null,
    statusBar: IStatusBar | null,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    themeManager: IThemeManager | null,
    restorer: ILayoutRestorer | null,
    stateDB: IStateDB | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    const settings = settingRegistry
      ? await settingRegistry.load(PLUGIN_ID).catch(() => null)
      : null;
    const setting = (key: string, fallback: number) => {
      const value = settings?.get(key).composite;
      return typeof value === 'number' && value > 0 ? value : fallback;
    };
    // Charts draw on a canvas, in the colours of the theme they were drawn in.
    themeManager?.themeChanged.connect(() => {
      chartTheme.notify();
    });
    const client = new TrackingClient(core.client);
    let sidebar: TrackingSidebar | null = null;
    const rates = () => ({
      pageSize: setting('pageSize', 50),
      pollMinMs: setting('pollMinSeconds', 2) * 1000,
      pollMaxMs: setting('pollMaxSeconds', 15) * 1000
    });
    // Ask the tracking server only once it is ready: an embedded server may still be
    // starting, and its 503s would be console errors. The watch asks every second until then.
    const statusWatch = new TrackingStatusWatch(() => client.status());
    const controller = new TrackingController(client, {
      ...rates(),
      onRefused: () => {
        statusWatch.noteRefused();
      },
      isHidden: () => !sidebar?.isVisible,
      // A long cell that starts a run: poll at the fastest rate for a while after it is
      // scheduled, so the run shows (RUNNING) before the cell ends; not for hours.
      isBusy: () =>
        notebooks?.currentWidget?.sessionContext.session?.kernel?.status ===
        'busy'
    });
    // Settings apply as they are changed, not at the next reload.
    settings?.changed.connect(() => {
      controller.configure(rates());
    });

    const currentPanel = () => notebooks?.currentWidget ?? null;
    const provenance = provenanceMount({
      client: core.client,
      tracking: client,
      trans,
      kernelId: () =>
        currentPanel()?.sessionContext.session?.kernel?.id ?? null,
      showRun: runId => void app.commands.execute(CommandIDs.showRun, { runId })
    });

    // Open chart and compare views come back after a reload, as notebooks do: the restorer
    // runs the compare command again with the runs, metric and title each view was opened with.
    const views = new WidgetTracker<MainAreaWidget<CompareView>>({
      namespace: 'nbcraft-tracking-compare'
    });
    restorer
      ?.restore(views, {
        command: CommandIDs.compareRuns,
        args: widget => ({
          runIds: widget.content.options.runIds,
          metric: widget.content.options.focusMetric ?? null,
          title: widget.title.label
        }),
        name: widget =>
          [
            widget.content.options.runIds.join(','),
            widget.content.options.focusMetric ?? ''
          ].join(':')
      })
      .catch(() => undefined);

    const openCompare = (
      runIds: string[],
      focusMetric?: string,
      title?: string
    ) => {
      const initialRuns = controller.runs.runs.filter(r =>
        runIds.includes(r.info.run_id)
      );
      // Put the charts' requests on the wire first, and lay the view out in the next task:
      // adding a widget to the main area costs JupyterLab ~100 ms of layout on a busy
      // machine, and the requests (sent from promise callbacks) would otherwise wait for it.
      prefetchCompare(client, runIds, initialRuns, focusMetric);
      window.setTimeout(() => {
        addCompareView(runIds, initialRuns, focusMetric, title);
      }, 0);
    };

    const addCompareView = (
      runIds: string[],
      initialRuns: Run[],
      focusMetric?: string,
      title?: string
    ) => {
      const content = new CompareView({
        client,
        runIds,
        focusMetric,
        trans,
        initialRuns,
        provenance: provenance.compare
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `nbcraft-tracking-compare-${Date.now()}`;
      widget.title.label =
        title ??
        (runIds.length === 1
          ? trans.__('Run charts')
          : trans._n('Compare %1 run', 'Compare %1 runs', runIds.length));
      widget.title.icon = trackingIcon;
      widget.title.closable = true;
      widget.toolbar.addItem(
        'refresh',
        new ToolbarButton({
          icon: refreshIcon,
          tooltip: trans.__('Reload the runs and charts'),
          onClick: () => {
            content.reload();
          }
        })
      );
      void views.add(widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
      return widget;
    };

    const actions = {
      copyRunId: (run: Run) => {
        Clipboard.copyToSystem(run.info.run_id);
        Notification.info(trans.__('Copied run id %1', run.info.run_id), {
          autoClose: 2000
        });
      },
      openInMlflow: async (run: Run) => {
        const status = controller.status;
        const url = runUiUrl(status?.ui_url, status?.ui_run_url_template, run);
        if (url) {
          // the embedded server's basic-auth prompt, said before it meets the user
          const signIn = embeddedSignIn(status);
          if (signIn && !(await confirmEmbeddedSignIn(signIn, trans))) {
            return;
          }
          window.open(url, '_blank', 'noopener');
        } else {
          Notification.warning(
            trans.__('The tracking server has no MLflow UI address.'),
            { autoClose: 4000 }
          );
        }
      },
      insertModelSnippet: (run: Run) => {
        const panel = currentPanel();
        if (!panel) {
          Notification.warning(
            trans.__('Open a notebook to insert the snippet into.'),
            { autoClose: 4000 }
          );
          return;
        }
        NotebookActions.insertBelow(panel.content);
        panel.content.activeCell?.model.sharedModel.setSource(
          modelSnippet(run)
        );
        app.shell.activateById(panel.id);
      },
      chartMetric: (run: Run, key: string) => {
        openCompare([run.info.run_id], key, `${key} · ${runName(run)}`);
      },
      compare: (runIds: string[]) => {
        openCompare(runIds);
      },
      provenanceSection: provenance.details,
      linkExperiment: (experimentId: string) => {
        const panel = currentPanel();
        if (!panel?.model) {
          Notification.warning(
            trans.__('Open a notebook to link the experiment to.'),
            { autoClose: 4000 }
          );
          return;
        }
        const old = (panel.model.getMetadata(METADATA_KEY) ?? {}) as Record<
          string,
          unknown
        >;
        panel.model.setMetadata(METADATA_KEY, {
          ...old,
          experiment_id: experimentId
        });
        void controller.setNotebook(notebookContext(panel));
      }
    };

    const sidebarWidget = new TrackingSidebar(
      controller,
      trans,
      actions,
      translator ?? undefined
    );
    sidebar = sidebarWidget;
    sidebarWidget.title.icon = trackingIcon;
    sidebarWidget.title.caption = trans.__('MLflow Runs');
    app.shell.add(sidebarWidget, 'right', { rank: 600 });
    // Open or closed, the sidebar is as the user left it after a reload.
    restorer?.add(sidebarWidget, SIDEBAR_ID);
    // So are its experiment, selected runs and open details, once the notebooks the layout
    // restores are followed (they choose the experiment first).
    if (stateDB) {
      void app.restored.then(() => keepSidebarState(controller, stateDB));
    }

    // Live refresh: poll while visible; look at once when shown again or a cell ran.
    controller.poller.start();
    const kick = () => void controller.poller.kick();
    sidebarWidget.disposed.connect(() => {
      controller.dispose();
      client.dispose();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && sidebarWidget.isVisible) {
        kick();
      }
    });
    NotebookActions.executionScheduled.connect((_, { notebook }) => {
      if (notebook === currentPanel()?.content) {
        void controller.executionScheduled(); // polls now, and fast for a while
      }
    });
    NotebookActions.executed.connect((_, { notebook }) => {
      if (notebook === currentPanel()?.content) {
        kick();
        if (!sidebarWidget.isVisible) {
          // Polling waits for the sidebar; the status bar should still name the experiment
          // a cell just logged to (one runs/search while the notebook has no runs of its own).
          void controller.resolveExperiment(false);
        }
      }
    });

    // Follow the active notebook, and its metadata link.
    if (notebooks) {
      const follow = () =>
        void controller.setNotebook(notebookContext(currentPanel()));
      notebooks.currentChanged.connect((_, panel) => {
        follow();
        panel?.context.ready
          .then(() => {
            panel.model?.metadataChanged.connect(follow);
            follow();
          })
          .catch(() => undefined);
      });
      if (currentPanel()) {
        follow();
      }
    }

    statusWatch.changed.connect(() => {
      void controller.takeStatus(
        statusWatch.status,
        statusWatch.error,
        statusWatch.failure
      );
    });
    void statusWatch.refresh();

    app.commands.addCommand(CommandIDs.openTracking, {
      label: trans.__('MLflow Runs'),
      caption: trans.__(
        'Show the MLflow runs of the current notebook’s experiment'
      ),
      icon: trackingIcon,
      execute: () => {
        app.shell.activateById(SIDEBAR_ID);
        sidebarWidget.focusRuns();
      }
    });
    app.commands.addCommand(CommandIDs.refreshTracking, {
      label: trans.__('Refresh MLflow Runs'),
      caption: trans.__('Read the runs from the tracking server again'),
      icon: refreshIcon,
      execute: () => controller.refresh()
    });
    app.commands.addCommand(CommandIDs.compareRuns, {
      label: trans.__('Compare Selected MLflow Runs'),
      caption: trans.__(
        'Open the selected runs’ parameters, metrics and charts side by side'
      ),
      icon: trackingIcon,
      isEnabled: args =>
        controller.selected.size > 0 || Array.isArray(args.runIds),
      execute: args => {
        const ids = Array.isArray(args.runIds)
          ? (args.runIds as string[])
          : [...controller.selected];
        const metric =
          typeof args.metric === 'string' ? args.metric : undefined;
        const title = typeof args.title === 'string' ? args.title : undefined;
        if (ids.length) {
          openCompare(ids, metric, title);
        }
      }
    });
    app.commands.addCommand(CommandIDs.showRun, {
      label: trans.__('Show MLflow Run'),
      caption: trans.__('Show one run’s details in the MLflow runs sidebar'),
      icon: trackingIcon,
      describedBy: {
        args: {
          type: 'object',
          properties: { runId: { type: 'string' } },
          required: ['runId']
        }
      },
      execute: async args => {
        if (typeof args.runId !== 'string') {
          return;
        }
        app.shell.activateById(SIDEBAR_ID);
        try {
          await controller.showRun(args.runId);
        } catch (error) {
          Notification.warning(
            trans.__(
              'MLflow run %1 could not be shown: %2',
              args.runId,
              errorText(error, trans)
            ),
            { autoClose: 5000 }
          );
        }
      }
    });
    palette?.addItem({ command: CommandIDs.openTracking, category: 'nbcraft' });
    palette?.addItem({
      command: CommandIDs.refreshTracking,
      category: 'nbcraft'
    });
    palette?.addItem({ command: CommandIDs.compareRuns, category: 'nbcraft' });

    if (statusBar) {
      statusBar.registerStatusItem(STATUS_ITEM_ID, {
        item: new TrackingStatusItem(controller, trans, () => {
          app.shell.activateById(SIDEBAR_ID);
        }),
        align: 'left',
        rank: 50,
        isActive: () => true
      });
    }
    return statusWatch;
  }
};
