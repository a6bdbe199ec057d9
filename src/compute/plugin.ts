/**
 * Wiring of the compute picker: the notebook toolbar item (declared in
 * schema/compute.json, built through IToolbarWidgetRegistry), "Switch compute...", and
 * the status-bar item.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { kernelIcon } from '@jupyterlab/ui-components';

import { INbcraftCore } from '../core/plugin';
import { ITrackingStatus } from '../tracking/tokens';
import type { ITrackingStatusWatch } from '../tracking/statusWatch';
import { INbcraftTrust } from '../trust/tokens';
import { CommandIDs } from '../core/commandIds';
import { PLUGIN_ID, TOOLBAR_ITEM } from './tokens';
import { ComputeService } from './service';
import { switchCompute } from './switch';
import { ComputeStatusItem, ComputeToolbarItem } from './widgets';

export const computePlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Switch a notebook between local and remote compute targets.',
  autoStart: true,
  requires: [INbcraftCore, INotebookTracker, IToolbarWidgetRegistry],
  optional: [
    ICommandPalette,
    IStatusBar,
    ITranslator,
    INbcraftTrust,
    ITrackingStatus
  ],
  activate: (
    app: JupyterFrontEnd,
    core: INbcraftCore,
    tracker: INotebookTracker,
    toolbarRegistry: IToolbarWidgetRegistry,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    trust: INbcraftTrust | null,
    trackingStatus: ITrackingStatusWatch | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    const service = new ComputeService(core.client);
    void service.refresh();

    // Trusting the project file adds its targets and tracking server: show them now.
    trust?.changed.connect(() => {
      void service.refresh();
      void trackingStatus?.refresh();
    });

    toolbarRegistry.addFactory<NotebookPanel>(
      'Notebook',
      TOOLBAR_ITEM,
      panel => new ComputeToolbarItem(panel, service, app.commands, trans)
    );

    app.commands.addCommand(CommandIDs.switchCompute, {
      label: trans.__('Switch Compute…'),
      caption: trans.__('Run this notebook on another compute target'),
      icon: kernelIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: async args => {
        const panel = tracker.currentWidget;
        if (!panel) {
          return;
        }
        const target =
          typeof args.target === 'string' ? args.target : undefined;
        await switchCompute(
          panel,
          { service, trans, kernelspecs: app.serviceManager.kernelspecs },
          target
        );
      }
    });
    palette?.addItem({
      command: CommandIDs.switchCompute,
      category: 'nbcraft'
    });

    if (statusBar) {
      const item = new ComputeStatusItem(
        service,
        () => tracker.currentWidget,
        trans,
        trackingStatus,
        () => trust?.heldBack ?? false
      );
      trust?.changed.connect(() => {
        item.render();
      });
      const activeChanged = new Signal<ComputeService, void>(service);
      const rerender = () => {
        item.render();
        activeChanged.emit();
      };
      tracker.currentChanged.connect(rerender);
      tracker.widgetAdded.connect((_, panel) => {
        panel.sessionContext.kernelChanged.connect(rerender);
        // "starting…" until the session has its kernel, then the target.
        panel.sessionContext.statusChanged.connect(rerender);
      });
      statusBar.registerStatusItem('nbcraft:compute-status', {
        item,
        align: 'left',
        rank: 5,
        isActive: () => tracker.currentWidget !== null,
        activeStateChanged: activeChanged
      });
    }
  }
};
