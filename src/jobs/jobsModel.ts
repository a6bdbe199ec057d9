/**
 * The Jobs panel's state apart from any widget: the job list, read again while the panel is
 * visible (fast while a job is queued or running, backing off when all is quiet or Jupyter
 * is gone or refuses the lab, nothing while hidden), and the actions that change it.
 */
import { Signal, type ISignal } from '@lumino/signaling';

import { jupyterForbiddenText, signedOutText } from '../core/retry';
import {
  english,
  errorText,
  TranslatableError,
  type Say,
  type Translator
} from '../core/translatable';
import { backOffAfter, isForbidden, isSignedOut } from '../tracking/connection';
import { ACTIVE_FAST_MS, LivePoller } from '../tracking/poller';
import { RouteWatch } from '../tracking/routeWatch';
import type { IJobRequest, Job, JobCreated } from './api';
import { isLive, listingChanged, newlyEnded } from './model';

/** What the model needs from the routes (JobsApi; an interface so tests can script it). */
export interface IJobsSource {
  submit(request: IJobRequest): Promise<JobCreated>;
  runPipeline(pipeline: string, from?: string): Promise<JobCreated>;
  /** `dropped`: rows of the listing the lab could not read (not shown) */
  list(): Promise<{ jobs: Job[]; dropped?: number }>;
  cancel(id: string): Promise<void>;
}

export interface IJobsModelOptions {
  /** Whether the panel is out of sight (no polling then). */
  isHidden: () => boolean;
  pollMinMs?: number;
  pollMaxMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class JobsModel {
  constructor(
    private readonly source: IJobsSource,
    options: IJobsModelOptions
  ) {
    this.poller = new LivePoller({
      tick: () => this.refresh(),
      isActive: () => this._jobs.some(job => isLive(job.status)),
      isPaused: () =>
        options.isHidden() ||
        (typeof document !== 'undefined' && document.hidden),
      minMs: options.pollMinMs ?? 1000,
      maxMs: options.pollMaxMs ?? 15_000,
      // a job running for hours is not listed every second (as the sidebar's runs)
      activeFastMs: ACTIVE_FAST_MS,
      setTimer: options.setTimer,
      clearTimer: options.clearTimer
    });
    // After Jupyter refused a listing (live refresh paused), this watch asks the jobs route
    // itself again, ever less often, and its answer resumes live refresh: an answer from
    // another route (the tracking status) says nothing of the `nbcraft-jobs` scope.
    this._watch = new RouteWatch(() => source.list(), {
      setTimer: options.setTimer,
      clearTimer: options.clearTimer
    });
    this._watch.changed.connect(() => {
      const answer = this._watch.status;
      if (this._watch.failure === null && answer && this.poller.stopped) {
        // its answer is the listing: shown as it is, live refresh resumes from the next poll
        // (refused again then: the watch waits twice as long)
        this.poller.readSucceeded();
        this._dropped = answer.dropped ?? 0;
        this.apply(answer.jobs, true);
        this.poller.resume();
      }
    }, this);
  }

  readonly poller: LivePoller;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Jobs that reached an end state while the panel was watching. */
  get ended(): ISignal<this, Job[]> {
    return this._ended;
  }

  /** Newest first, as the server lists them. */
  get jobs(): readonly Job[] {
    return this._jobs;
  }

  /** The last listing failure, in English (the list itself is kept). */
  get error(): string | null {
    return this._error?.(english) ?? null;
  }

  /** The last listing failure, said through the lab's translator, shown above the list. */
  errorIn(tr: Translator): string | null {
    return this._error?.(tr) ?? null;
  }

  /** How many rows of the last listing the lab could not read (they are not shown). */
  get dropped(): number {
    return this._dropped;
  }

  get loaded(): boolean {
    return this._loaded;
  }

  /** Read the list now; resolves to whether anything the panel shows changed. */
  async refresh(): Promise<boolean> {
    let jobs: Job[];
    let dropped: number;
    try {
      ({ jobs, dropped = 0 } = await this.source.list());
    } catch (error) {
      // Jupyter gone, restarting, refusing the lab or limiting the rate: asking again every
      // second while a job is live does not help; backs off until a listing answers
      backOffAfter(this.poller, error);
      if (this.poller.stopped) {
        this._watch.noteRefused(); // it keeps asking; its answer resumes (constructor)
      }
      const said = failureText(error);
      const changed = said(english) !== this.error;
      this._error = said;
      if (changed) {
        this._changed.emit();
      }
      return false;
    }
    this.poller.readSucceeded();
    this._watch.noteAnswered(); // a question the watch still had in wait is answered
    const droppedChanged = dropped !== this._dropped;
    this._dropped = dropped;
    return this.apply(jobs, droppedChanged);
  }

  /** Show a listing; whether anything the panel shows changed. */
  private apply(jobs: Job[], droppedChanged = false): boolean {
    const changed =
      droppedChanged ||
      !this._loaded ||
      this._error !== null ||
      listingChanged(this._jobs, jobs);
    const ended = this._loaded ? newlyEnded(this._jobs, jobs) : [];
    this._jobs = jobs;
    this._error = null;
    this._loaded = true;
    if (changed) {
      this._changed.emit();
    }
    if (ended.length) {
      this._ended.emit(ended);
    }
    return changed;
  }

  /** Queue a job, then show it at once and poll fast. */
  async submit(request: IJobRequest): Promise<JobCreated> {
    const created = await this.source.submit(request);
    await this.poller.kick();
    return created;
  }

  /**
   * Run a finished (or failed, cancelled, lost) job again with the same parameters; not one
   * with secret parameters (the server shows them redacted: ask for them, `rerunValues`), nor
   * one whose parameters held NaN or Infinity (shown as strings: `non_finite_parameters`).
   */
  rerun(job: Job): Promise<JobCreated> {
    if (job.pipeline) {
      return this.rerunPipeline(job);
    }
    if (job.non_finite_parameters.length) {
      // Sent as shown, the number would reach the notebook as the string "NaN".
      return Promise.reject(
        new TranslatableError(tr =>
          tr.__(
            'Job %1 ran with %2 as NaN or Infinity, which a job can no longer take as a number (it would run again as the string "NaN"): run it from Run as Job… and pass %2 explicitly, as a string the notebook converts',
            job.id,
            job.non_finite_parameters.join(', ')
          )
        )
      );
    }
    if (job.secret_parameters.length) {
      return Promise.reject(
        new TranslatableError(tr =>
          tr.__(
            'Job %1 had secret parameters (%2): run it again from Run as Job…',
            job.id,
            job.secret_parameters.join(', ')
          )
        )
      );
    }
    const request: IJobRequest = {
      notebook: job.notebook,
      target: job.target,
      parameters: job.parameters
    };
    if (job.experiment) {
      request.experiment = job.experiment;
    }
    return this.submit(request);
  }

  /**
   * A pipeline run again: all of it, or from one step (that step and every step after it,
   * as Databricks' repair run does).
   */
  async rerunPipeline(job: Job, from?: string): Promise<JobCreated> {
    if (!job.pipeline) {
      throw new TranslatableError(tr =>
        tr.__('Job %1 is not a pipeline run.', job.id)
      );
    }
    const created = await this.source.runPipeline(job.pipeline, from);
    await this.poller.kick();
    return created;
  }

  /** Whether a refusal paused live refresh until the user acts (the panel says so). */
  get liveRefreshPaused(): boolean {
    return this.poller.stopped;
  }

  async cancel(id: string): Promise<void> {
    await this.source.cancel(id);
    await this.poller.kick();
  }

  dispose(): void {
    this._watch.dispose();
    this.poller.dispose();
    Signal.clearData(this);
  }

  private _jobs: Job[] = [];
  private _error: Say | null = null;
  private _loaded = false;
  private _dropped = 0;
  private readonly _watch: RouteWatch<{ jobs: Job[]; dropped?: number }>;
  private _changed = new Signal<this, void>(this);
  private _ended = new Signal<this, Job[]>(this);
}

/** What to say for a failed listing: signed out and refused in the lab's words. */
function failureText(error: unknown): Say {
  if (isSignedOut(error)) {
    return signedOutText;
  }
  if (isForbidden(error)) {
    return jupyterForbiddenText(error.message);
  }
  return tr => errorText(error, tr);
}
