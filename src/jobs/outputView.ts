/**
 * A job's executed notebook, shown read-only in the main area: rendered from the JSON the
 * output route sends, in memory (nothing is written to the user's folder), with every cell
 * locked and no kernel.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { IEditorServices } from '@jupyterlab/codeeditor';
import { PathExt } from '@jupyterlab/coreutils';
import {
  Notebook,
  NotebookModel,
  type NotebookPanel
} from '@jupyterlab/notebook';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { Job } from './api';
import { jobsIcon } from './icon';

export interface IOutputViewOptions {
  job: Job;
  content: Record<string, unknown>;
  rendermime: IRenderMimeRegistry;
  editorServices: IEditorServices;
  contentFactory: NotebookPanel.IContentFactory;
  trans: TranslationBundle;
}

/** The main-area widget of a job's output; its id is stable per job (opened once). */
export function outputViewId(jobId: string): string {
  return `nbcraft-job-output-${jobId}`;
}

export function createOutputView(
  options: IOutputViewOptions
): MainAreaWidget<Notebook> {
  const { job, trans } = options;
  const model = new NotebookModel();
  // The route sends nbformat 4 JSON (checked for `cells` in api.ts).
  model.fromJSON(
    options.content as unknown as Parameters<NotebookModel['fromJSON']>[0]
  );
  const notebook = new Notebook({
    rendermime: options.rendermime,
    mimeTypeService: options.editorServices.mimeTypeService,
    contentFactory: options.contentFactory
  });
  notebook.addClass('jp-nbcraft-jobs-output-notebook');
  notebook.model = model;
  for (const cell of notebook.widgets) {
    cell.readOnly = true;
  }
  const widget = new MainAreaWidget({ content: notebook });
  widget.id = outputViewId(job.id);
  widget.title.label = trans.__(
    '%1 · job %2 (read-only)',
    PathExt.basename(job.notebook),
    job.id
  );
  widget.title.caption = trans.__(
    'The notebook job %1 executed on %2 (%3), read-only',
    job.id,
    job.target,
    job.status
  );
  widget.title.icon = jobsIcon;
  widget.title.closable = true;
  widget.disposed.connect(() => {
    model.dispose();
  });
  return widget;
}
