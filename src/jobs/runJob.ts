/**
 * The "Run as job…" flow: save the notebook (the server runs the file), read its
 * `parameters` cell, list the compute targets through the picker's service, ask, submit.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';

import { currentTarget } from '../compute/model';
import type { ComputeService } from '../compute/service';
import { errorText } from '../core/translatable';
import {
  askRunJob,
  RunJobForm,
  type IRunJobChoice,
  type IRunJobTyped
} from './dialog';
import type { JobsModel } from './jobsModel';
import {
  parametersCellSource,
  readParametersCell,
  type IParametersCell
} from './parameters';

export interface IRunJobDeps {
  compute: ComputeService;
  jobs: JobsModel;
  trans: TranslationBundle;
  /** show the Jobs panel (the notice's action) */
  showJobs: () => void;
}

function readCells(panel: NotebookPanel): { tags: unknown; source: string }[] {
  const cells = panel.content.model?.cells;
  const out: { tags: unknown; source: string }[] = [];
  if (!cells) {
    return out;
  }
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code') {
      out.push({
        tags: cell.getMetadata('tags'),
        source: cell.sharedModel.getSource()
      });
    }
  }
  return out;
}

/** What the dialog starts from when a job is run again (else the notebook's own values). */
export interface IRunJobPrefill {
  target: string;
  /** each parameter's field as text (`rerunValues`) */
  values: Record<string, string>;
  /** the job's `secret_parameters`: asked for again, never sent empty */
  secret?: string[];
}

/** Ask and submit; resolves to the new job's id, or null when cancelled. */
export async function runAsJob(
  panel: NotebookPanel,
  deps: IRunJobDeps,
  prefill?: IRunJobPrefill
): Promise<string | null> {
  const { compute, trans } = deps;
  await panel.context.ready;
  const source = parametersCellSource(readCells(panel));
  const declared: IParametersCell = source
    ? readParametersCell(source)
    : { parameters: [] };
  const targets = await compute.refresh();
  const current = currentTarget(
    targets,
    compute.sessionState(panel.sessionContext)
  );
  const form = (typed: IRunJobTyped | null) =>
    new RunJobForm({
      notebook: panel.context.path,
      targets: compute.error ? [] : targets,
      targetsError: compute.error,
      current: prefill?.target ?? current?.name ?? null,
      parameters: declared.parameters,
      parametersError: declared.error ?? null,
      hasParametersCell: source !== null,
      initialValues: prefill?.values,
      secretNames: prefill?.secret,
      typed: typed ?? undefined,
      trans
    });
  // A secret field left empty keeps the dialog open (see askRunJob), and a submit that
  // fails opens it again as it was typed, the secret included: nothing typed is lost.
  let typed: IRunJobTyped | null = null;
  for (;;) {
    const choice = await askRunJob(form, trans, typed);
    if (!choice) {
      return null;
    }
    try {
      return await submitChoice(panel, deps, choice);
    } catch (error) {
      await showDialog({
        title: trans.__('The job was not started'),
        body: errorText(error, trans),
        buttons: [Dialog.okButton()]
      });
      typed = choice.typed;
    }
  }
}

/** Save the notebook and queue the job; resolves to its id, says so with a notice. */
async function submitChoice(
  panel: NotebookPanel,
  deps: IRunJobDeps,
  choice: IRunJobChoice
): Promise<string> {
  const { jobs, trans } = deps;
  // The server runs the file on disk: what the user sees is what runs.
  if (panel.context.model.dirty) {
    await panel.context.save();
  }
  const created = await jobs.submit({
    notebook: panel.context.path,
    target: choice.target,
    parameters: choice.parameters,
    ...(choice.experiment ? { experiment: choice.experiment } : {})
  });
  Notification.success(
    trans.__('Job %1 queued on %2.', created.id, choice.target),
    {
      autoClose: 5000,
      actions: [
        {
          label: trans.__('Show jobs'),
          callback: () => {
            deps.showJobs();
          }
        }
      ]
    }
  );
  for (const warning of created.warnings ?? []) {
    Notification.warning(warning, { autoClose: 8000 });
  }
  return created.id;
}
