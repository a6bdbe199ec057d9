/**
 * The Jobs panel (left sidebar): every job with its status, progress (cell i of n), duration
 * and target, live while the panel is visible; per job: open the executed notebook, show its
 * MLflow run, cancel, re-run with the same parameters.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import React, { useEffect, useState } from 'react';

import { focusFirstSoon } from '../core/focus';
import { liveRefreshPausedText } from '../core/retry';
import { formatDuration, formatTime } from '../tracking/format';
import type { Job, JobStatus } from './api';
import { PipelineGraph, pipelineSteps } from './graph';
import type { JobsModel } from './jobsModel';
import {
  isLive,
  jobActions,
  jobDuration,
  progressFraction,
  progressStep
} from './model';
import { PANEL_ID } from './tokens';

/** What the panel's buttons do (wired by the plugin). */
export interface IJobPanelActions {
  openOutput: (job: Job) => void;
  showRun: (job: Job) => void;
  cancel: (job: Job) => void;
  rerun: (job: Job) => void;
  /** a pipeline run again from one of its steps */
  rerunFrom: (job: Job, step: string) => void;
}

export function statusLabel(
  status: JobStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'queued':
      return trans.__('queued');
    case 'running':
      return trans.__('running');
    case 'finished':
      return trans.__('finished');
    case 'failed':
      return trans.__('failed');
    case 'cancelled':
      return trans.__('cancelled');
    case 'lost':
      return trans.__('lost');
  }
}

export class JobsPanel extends ReactWidget {
  constructor(
    readonly model: JobsModel,
    readonly trans: TranslationBundle,
    readonly actions: IJobPanelActions
  ) {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-nbcraft-jobs');
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.model.poller.kick();
  }

  /** Shown by its command or shortcut: the focus goes to the jobs, as in the runs sidebar. */
  protected override onActivateRequest(msg: Message): void {
    super.onActivateRequest(msg);
    focusFirstSoon(this.node, '.jp-nbcraft-jobs-list');
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <JobsBody
            model={this.model}
            trans={this.trans}
            actions={this.actions}
          />
        )}
      </UseSignal>
    );
  }
}

function JobsBody(props: {
  model: JobsModel;
  trans: TranslationBundle;
  actions: IJobPanelActions;
}): React.ReactElement {
  const { model, trans, actions } = props;
  const jobs = model.jobs;
  const live = jobs.some(job => isLive(job.status));
  const [now, setNow] = useState(Date.now());
  // Durations of running jobs count up between polls.
  useEffect(() => {
    if (!live) {
      return;
    }
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [live]);
  const shownNow = Math.max(now, Date.now());
  return (
    <div className="jp-nbcraft-jobs-body">
      <div className="jp-nbcraft-jobs-head">
        <span className="jp-nbcraft-jobs-heading">{trans.__('Jobs')}</span>
        <span className="jp-nbcraft-jobs-spacer" />
        <button
          className="jp-mod-styled jp-mod-minimal jp-nbcraft-jobs-refresh"
          title={trans.__('Refresh')}
          aria-label={trans.__('Refresh the jobs')}
          onClick={() => void model.poller.kick()}
        >
          ⟳
        </button>
      </div>
      {model.error ? (
        <div className="jp-nbcraft-jobs-error" role="alert">
          {trans.__(
            'The jobs could not be listed: %1',
            model.errorIn(trans) ?? ''
          )}
        </div>
      ) : null}
      {model.dropped ? (
        <div
          className="jp-nbcraft-jobs-error jp-nbcraft-jobs-dropped"
          role="status"
        >
          {trans._n(
            '%1 job in jobs.db could not be read and is not shown',
            '%1 jobs in jobs.db could not be read and are not shown',
            model.dropped
          )}
        </div>
      ) : null}
      {model.liveRefreshPaused ? (
        <div className="jp-nbcraft-jobs-muted jp-nbcraft-jobs-paused">
          {liveRefreshPausedText(trans)}
        </div>
      ) : null}
      {model.loaded && jobs.length === 0 ? (
        <div className="jp-nbcraft-jobs-muted jp-nbcraft-jobs-empty">
          {trans.__(
            'No jobs yet. Open a notebook and use "Run as job…" in its toolbar.'
          )}
        </div>
      ) : null}
      <ul className="jp-nbcraft-jobs-list" aria-label={trans.__('Jobs')}>
        {jobs.map(job => (
          <JobRow
            key={job.id}
            job={job}
            now={shownNow}
            trans={trans}
            actions={actions}
          />
        ))}
      </ul>
    </div>
  );
}

function JobRow(props: {
  job: Job;
  now: number;
  trans: TranslationBundle;
  actions: IJobPanelActions;
}): React.ReactElement {
  const { job, now, trans, actions } = props;
  const step = progressStep(job);
  const duration = jobDuration(job, now);
  const can = jobActions(job);
  const isPipeline = job.kind === 'pipeline' || Boolean(job.pipeline);
  const name =
    isPipeline && job.pipeline
      ? trans.__('pipeline %1', job.pipeline)
      : PathExt.basename(job.notebook);
  const output = job.progress?.output?.trimEnd();
  return (
    <li
      className={`jp-nbcraft-jobs-job jp-mod-${job.status}`}
      data-job-id={job.id}
      data-status={job.status}
    >
      <div className="jp-nbcraft-jobs-line">
        <span
          className={`jp-nbcraft-jobs-status jp-nbcraft-jobs-status-${job.status}`}
        >
          {statusLabel(job.status, trans)}
        </span>
        <span className="jp-nbcraft-jobs-name" title={job.notebook}>
          {name}
        </span>
        <span className="jp-nbcraft-jobs-spacer" />
        <span
          className="jp-nbcraft-jobs-duration"
          title={
            job.created
              ? trans.__('Queued at %1', formatTime(job.created))
              : undefined
          }
        >
          {duration === null ? '' : formatDuration(duration)}
        </span>
      </div>
      <div className="jp-nbcraft-jobs-line jp-nbcraft-jobs-muted">
        <span className="jp-nbcraft-jobs-target">
          {job.target ? trans.__('on %1', job.target) : ''}
        </span>
        <span className="jp-nbcraft-jobs-spacer" />
        <span className="jp-nbcraft-jobs-progress-text">
          {step ? trans.__('cell %1 of %2', step.cell, step.total) : ''}
        </span>
      </div>
      {isLive(job.status) || job.status === 'finished' ? (
        <div
          className="jp-nbcraft-jobs-bar"
          role="progressbar"
          aria-label={trans.__('Progress of job %1', job.id)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progressFraction(job) * 100)}
        >
          <div
            className="jp-nbcraft-jobs-bar-fill"
            style={{ width: `${progressFraction(job) * 100}%` }}
          />
        </div>
      ) : null}
      {isPipeline ? (
        <PipelineGraph
          steps={pipelineSteps(job)}
          trans={trans}
          onRerunFrom={
            can.rerun
              ? step => {
                  actions.rerunFrom(job, step);
                }
              : undefined
          }
        />
      ) : null}
      {job.status === 'running' && output ? (
        <pre className="jp-nbcraft-jobs-output">
          {output.split('\n').slice(-3).join('\n')}
        </pre>
      ) : null}
      {job.error ? (
        <div className="jp-nbcraft-jobs-error">{job.error}</div>
      ) : null}
      <div className="jp-nbcraft-jobs-actions">
        {can.openOutput ? (
          <button
            className="jp-mod-styled jp-mod-minimal jp-nbcraft-jobs-open"
            onClick={() => {
              actions.openOutput(job);
            }}
            title={trans.__('Open the executed notebook, read-only')}
          >
            {trans.__('Output')}
          </button>
        ) : null}
        {can.showRun ? (
          <button
            className="jp-mod-styled jp-mod-minimal jp-nbcraft-jobs-run"
            onClick={() => {
              actions.showRun(job);
            }}
            title={trans.__('Show the MLflow run in the runs sidebar')}
          >
            {trans.__('Run')}
          </button>
        ) : null}
        {can.cancel ? (
          <button
            className="jp-mod-styled jp-mod-minimal jp-nbcraft-jobs-cancel"
            onClick={() => {
              actions.cancel(job);
            }}
            title={trans.__(
              'Stop the job (interrupt, then shut its kernel down)'
            )}
          >
            {trans.__('Cancel')}
          </button>
        ) : null}
        {can.rerun ? (
          <button
            className="jp-mod-styled jp-mod-minimal jp-nbcraft-jobs-rerun"
            onClick={() => {
              actions.rerun(job);
            }}
            title={trans.__('Run it again with the same parameters')}
          >
            {trans.__('Re-run')}
          </button>
        ) : null}
      </div>
    </li>
  );
}
