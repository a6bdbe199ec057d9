/**
 * Wiring of jobs: "Run as job…" (notebook toolbar, declared in schema/jobs.json, and the
 * palette), the Jobs panel in the left sidebar, and its actions (the executed notebook,
 * the MLflow run in the runs sidebar, cancel, re-run).
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';

import { ComputeService } from '../compute/service';
import { INbcraftCore } from '../core/plugin';
import { JobsApi, type Job } from './api';
import { jobsIcon } from './icon';
import { JobsModel } from './jobsModel';
import { createOutputView, outputViewId } from './outputView';
import { rerunValues } from './model';
import { JobsPanel, statusLabel } from './panel';
import { runAsJob } from './runJob';
import { CommandIDs } from '../core/commandIds';
import { errorText } from '../core/translatable';
import { PANEL_ID, PLUGIN_ID } from './tokens';

export const jobsPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Run a notebook as a job on a compute target, and follow the jobs in a sidebar.',
  autoStart: true,
  requires: [
    INbcraftCore,
    INotebookTracker,
    IRenderMimeRegistry,
    IEditorServices,
    NotebookPanel.IContentFactory
  ],
  optional: [ICommandPalette, ITranslator, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    core: INbcraftCore,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    editorServices: IEditorServices,
    contentFactory: NotebookPanel.IContentFactory,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbcraft');
    const api = new JobsApi(core.client);
    // The picker's own service and API: the dialog lists exactly the picker's targets.
    const compute = new ComputeService(core.client);
    let panel: JobsPanel | null = null;
    const model = new JobsModel(api, { isHidden: () => !panel?.isVisible });

    const showJobs = () => {
      app.shell.activateById(PANEL_ID);
    };

    const failed = (what: string, error: unknown) => {
      Notification.error(trans.__('%1: %2', what, errorText(error, trans)), {
        autoClose: 8000
      });
    };

    const actions = {
      openOutput: async (job: Job) => {
        const id = outputViewId(job.id);
        const open = Array.from(app.shell.widgets('main')).find(
          w => w.id === id
        );
        if (open) {
          app.shell.activateById(id);
          return;
        }
        try {
          const content = await api.output(job.id);
          const widget = createOutputView({
            job,
            content,
            rendermime,
            editorServices,
            contentFactory,
            trans
          });
          app.shell.add(widget, 'main');
          app.shell.activateById(widget.id);
        } catch (error) {
          failed(trans.__('The executed notebook could not be opened'), error);
        }
      },
      showRun: (job: Job) => {
        if (job.mlflow_run_id) {
          void app.commands.execute(CommandIDs.showRun, {
            runId: job.mlflow_run_id
          });
        }
      },
      cancel: async (job: Job) => {
        const answer = await showDialog({
          title: trans.__('Cancel job %1?', job.id),
          body: trans.__(
            'The kernel running %1 is interrupted, then shut down. Its MLflow run ends as KILLED.',
            job.notebook
          ),
          buttons: [
            Dialog.cancelButton({ label: trans.__('Keep running') }),
            Dialog.warnButton({ label: trans.__('Cancel job') })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
        try {
          await model.cancel(job.id);
        } catch (error) {
          failed(trans.__('Job %1 could not be cancelled', job.id), error);
        }
      },
      rerunFrom: async (job: Job, step: string) => {
        const answer = await showDialog({
          title: trans.__(
            'Re-run pipeline %1 from %2?',
            job.pipeline ?? '',
            step
          ),
          body: trans.__(
            'Step %1 and every step after it run again, in a new pipeline run; the steps before it are not run.',
            step
          ),
          buttons: [
            Dialog.cancelButton(),
            Dialog.okButton({ label: trans.__('Re-run from %1', step) })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
        try {
          const created = await model.rerunPipeline(job, step);
          Notification.success(
            trans.__('Pipeline run %1 queued, from %2.', created.id, step),
            { autoClose: 4000 }
          );
        } catch (error) {
          failed(
            trans.__('Pipeline %1 could not be re-run', job.pipeline ?? ''),
            error
          );
        }
      },
      rerun: async (job: Job) => {
        if (
          job.secret_parameters.length &&
          !job.pipeline &&
          !job.non_finite_parameters.length // (refused below, with the reason)
        ) {
          // The server keeps no secret's value: the dialog asks for them again.
          let opened: unknown;
          try {
            opened = await app.commands.execute('docmanager:open', {
              path: job.notebook
            });
          } catch (error) {
            // (the notebook was deleted or renamed since)
            failed(trans.__('Job %1 could not be re-run', job.id), error);
            return;
          }
          if (opened instanceof NotebookPanel) {
            const prefill = {
              target: job.target,
              values: rerunValues(job),
              secret: job.secret_parameters
            };
            await runAsJob(
              opened,
              { compute, jobs: model, trans, showJobs },
              prefill
            );
          }
          return;
        }
        try {
          const created = await model.rerun(job);
          Notification.success(
            trans.__('Job %1 queued (a re-run of %2).', created.id, job.id),
            { autoClose: 4000 }
          );
        } catch (error) {
          failed(trans.__('Job %1 could not be re-run', job.id), error);
        }
      }
    };

    panel = new JobsPanel(model, trans, {
      openOutput: job => void actions.openOutput(job),
      showRun: actions.showRun,
      cancel: job => void actions.cancel(job),
      rerun: job => void actions.rerun(job),
      rerunFrom: (job, step) => void actions.rerunFrom(job, step)
    });
    panel.title.icon = jobsIcon;
    panel.title.caption = trans.__('Jobs');
    app.shell.add(panel, 'left', { rank: 650 });
    restorer?.add(panel, PANEL_ID);
    panel.disposed.connect(() => {
      model.dispose();
    });
    model.poller.start();
    void model.refresh();
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && panel.isVisible) {
        void model.poller.kick();
      }
    });
    model.ended.connect((_, jobs) => {
      for (const job of jobs) {
        const text = trans.__(
          'Job %1 (%2) %3.',
          job.id,
          job.notebook,
          statusLabel(job.status, trans)
        );
        if (job.status === 'finished') {
          Notification.success(text, { autoClose: 5000 });
        } else {
          Notification.warning(job.error ? `${text} ${job.error}` : text, {
            autoClose: 8000
          });
        }
      }
    });

    app.commands.addCommand(CommandIDs.runAsJob, {
      label: args =>
        args.toolbar ? trans.__('Run as job') : trans.__('Run as Job…'),
      caption: trans.__(
        'Run this notebook headless with parameters on a compute target, as an MLflow run'
      ),
      icon: args => (args.isPalette ? undefined : jobsIcon),
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const current = tracker.currentWidget;
        if (!current) {
          return;
        }
        await runAsJob(current, { compute, jobs: model, trans, showJobs });
      }
    });
    app.commands.addCommand(CommandIDs.openJobs, {
      label: trans.__('Show Jobs'),
      caption: trans.__(
        'Show the notebook jobs and their runs in the Jobs panel'
      ),
      icon: args => (args.isPalette ? undefined : jobsIcon),
      execute: showJobs
    });
    app.commands.addCommand(CommandIDs.refreshJobs, {
      label: trans.__('Refresh Jobs'),
      caption: trans.__('Read the jobs and their status from the server again'),
      icon: refreshIcon,
      execute: () => model.poller.kick()
    });
    for (const command of [
      CommandIDs.runAsJob,
      CommandIDs.openJobs,
      CommandIDs.refreshJobs
    ]) {
      palette?.addItem({ command, category: 'nbcraft' });
    }
  }
};
