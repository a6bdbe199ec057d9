import { Signal, type ISignal } from '@lumino/signaling';

import {
  english,
  errorText,
  type Say,
  type Translator
} from '../core/translatable';
import type { TrackingClient } from './client';
import {
  backOffAfter,
  isForbidden,
  isOutage,
  isReady,
  isSignedOut,
  lostStatus
} from './connection';
import {
  chooseExperiment,
  isSettled,
  type ExperimentOrigin,
  type IExperimentChoice,
  type INotebookContext
} from './experimentChoice';
import { PollPace } from './pace';
import { ACTIVE_FAST_MS, LivePoller } from './poller';
import { BASE_COLUMNS, columnId, type IColumn } from './query';
import { knownKeys, isFromNotebook, runName } from './runFields';
import { RunsModel } from './runsModel';
import type { Experiment, Run, TrackingStatus } from './schemas';

// Choosing the experiment (pure of widgets and state) lives in experimentChoice.ts.
export type { ExperimentOrigin, INotebookContext } from './experimentChoice';

export interface IControllerOptions {
  pageSize?: number;
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Whether the sidebar is out of sight (no polling then). */
  isHidden: () => boolean;
  /**
   * Whether the followed notebook's kernel is running cells: a run it starts should show
   * while the cell still runs, so live refresh keeps its fastest rate for a while (see
   * PollPace.busyFast).
   */
  isBusy?: () => boolean;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** Jupyter refused a read and live refresh paused (the status watch's noteRefused). */
  onRefused?: () => void;
}

/**
 * The sidebar's state, apart from any widget: the followed notebook, the chosen
 * experiment, the runs (paged), the chosen columns, the selection and live refresh.
 */
export class TrackingController {
  constructor(
    readonly client: TrackingClient,
    options: IControllerOptions
  ) {
    // Runs are fetched only once the sidebar is first shown (see `start`).
    this.runs = new RunsModel(client, { suspended: true });
    if (options.pageSize) {
      void this.runs.setQuery({ pageSize: options.pageSize });
    }
    this.runs.changed.connect(() => {
      this.onRunsChanged();
    });
    this._pace = new PollPace(options.now);
    this._onRefused = options.onRefused;
    this._isBusy = () => Boolean(options.isBusy?.());
    this.poller = new LivePoller({
      tick: () => this.refreshTick(),
      // Fastest while runs are active (for a while) or a cell just started; while reads
      // fail, the poller backs off.
      isActive: () => this.ready && this.runs.hasActiveRuns,
      isUrgent: () =>
        this.ready &&
        this._pace.busyFast(this._isBusy(), this.activeNotebookRun !== null),
      isPaused: () =>
        options.isHidden() ||
        (typeof document !== 'undefined' && document.hidden),
      minMs: options.pollMinMs,
      maxMs: options.pollMaxMs,
      activeFastMs: ACTIVE_FAST_MS,
      now: options.now
    });
  }

  readonly runs: RunsModel;
  readonly poller: LivePoller;

  /** The user changed the settings: poll at the new rates, page by the new size. */
  configure(options: Omit<IControllerOptions, 'isHidden' | 'isBusy'>): void {
    const paused = this.poller.stopped;
    this.poller.setRates(
      options.pollMinMs ?? this.poller.minMs,
      options.pollMaxMs ?? this.poller.maxMs
    );
    if (paused !== this.poller.stopped) {
      this._changed.emit(); // live refresh again: no longer paused
    }
    if (options.pageSize && options.pageSize !== this.runs.query.pageSize) {
      void this.runs.setQuery({ pageSize: options.pageSize });
    }
  }

  private readonly _pace: PollPace;
  /** Aborts the status and single reads the controller started when it is disposed. */
  private readonly _asked = new AbortController();
  private readonly _isBusy: () => boolean;
  private readonly _onRefused: (() => void) | undefined;
  private _changed = new Signal<this, void>(this);
  private _notebook: INotebookContext | null = null;
  private _experiments: Experiment[] = [];
  private _experimentSearch = '';
  private _experimentId: string | null = null;
  private _experimentOrigin: ExperimentOrigin = 'none';
  private _experimentName = '';
  private _status: TrackingStatus | null = null;
  private _statusError: Say | null = null;
  private _columns: IColumn[] | null = null;
  private _selected = new Set<string>();
  private _detailsRunId: string | null = null;
  private _shownRun: Run | null = null;
  private _resolveGeneration = 0;
  private _choosing = 0; // the generation of the resolution on its way, else 0
  private _keys: { params: string[]; metrics: string[]; tags: string[] } = {
    params: [],
    metrics: [],
    tags: []
  };

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get notebook(): INotebookContext | null {
    return this._notebook;
  }
  get experiments(): readonly Experiment[] {
    return this._experiments;
  }
  get experimentSearch(): string {
    return this._experimentSearch;
  }
  get experimentId(): string | null {
    return this._experimentId;
  }
  get experimentName(): string {
    return this._experimentName;
  }
  get experimentOrigin(): ExperimentOrigin {
    return this._experimentOrigin;
  }
  get status(): TrackingStatus | null {
    return this._status;
  }
  /** The status line's error, in English (null when there is none). */
  get statusError(): string | null {
    return this._statusError?.(english) ?? null;
  }
  /** The status line's error, said through the lab's translator when the lab made it. */
  statusErrorIn(tr: Translator): string | null {
    return this._statusError?.(tr) ?? null;
  }
  get keys(): { params: string[]; metrics: string[]; tags: string[] } {
    return this._keys;
  }
  /** The shown columns: base ones plus chosen params/metrics (first 3 metrics, 2 params by default). */
  get columns(): IColumn[] {
    if (this._columns) {
      return this._columns;
    }
    return [
      ...BASE_COLUMNS,
      ...this._keys.metrics
        .slice(0, 3)
        .map((key): IColumn => ({ kind: 'metric', key })),
      ...this._keys.params
        .slice(0, 2)
        .map((key): IColumn => ({ kind: 'param', key }))
    ];
  }
  get selected(): ReadonlySet<string> {
    return this._selected;
  }
  get detailsRunId(): string | null {
    return this._detailsRunId;
  }
  get detailsRun(): Run | null {
    return (
      this.runs.runs.find(r => r.info.run_id === this._detailsRunId) ??
      (this._shownRun?.info.run_id === this._detailsRunId
        ? this._shownRun
        : null)
    );
  }
  /** The newest active run started from the followed notebook. */
  get activeNotebookRun(): Run | null {
    const path = this._notebook?.path ?? null;
    return (
      this.runs.runs.find(
        r => r.info.status === 'RUNNING' && isFromNotebook(r, path)
      ) ?? null
    );
  }

  /**
   * A request failed: when the tracking server (or Jupyter) is gone, or refused the
   * credentials, show it so (unreachable, unauthorized) with the proxy's reason, and live
   * refresh backs off and asks the status route until it is back; a 429 waits as long as
   * it asked; any other failure is the request's own and is shown as an error.
   */
  private noteFailure(error: unknown): void {
    if (isOutage(error)) {
      this._status = lostStatus(this._status, error);
      this._statusError = null;
    } else {
      this._statusError = tr => errorText(error, tr);
    }
    backOffAfter(this.poller, error);
    if (this.poller.stopped) {
      this._onRefused?.(); // the status watch keeps asking; its answer resumes (takeStatus)
    }
  }

  /** Ask the status route; resolves to whether the tracking server is ready. */
  async loadStatus(): Promise<boolean> {
    try {
      this._status = await this.client.status(this._asked.signal);
      this._statusError = null;
    } catch (error) {
      this.noteFailure(error); // Jupyter itself did not answer: shown once, as the status
    }
    this._changed.emit();
    return this.ready;
  }

  /**
   * A status answer the status watch got: when it says the server just became ready, load
   * the experiments and choose one, so the status bar names it without the sidebar.
   */
  async takeStatus(
    status: TrackingStatus | null,
    error: string | null,
    failure: unknown = null
  ): Promise<void> {
    const wasReady = isReady(this._status);
    if (isSignedOut(failure) || isForbidden(failure)) {
      // Jupyter refused the status route: sign in again, or its reason (see lostStatus).
      this._status = lostStatus(this._status, failure);
      this._statusError = null;
      this._changed.emit();
      return;
    }
    if (status) {
      this._status = status;
    }
    this._statusError =
      error === null ? null : tr => (failure ? errorText(failure, tr) : error);
    this._changed.emit();
    if (!wasReady && isReady(this._status)) {
      await this.searchExperiments(this._experimentSearch);
      await this.resolveExperiment(true);
      if (this.poller.stopped) {
        // A refusal stopped live refresh (Jupyter refused this user); Jupyter answers again
        // (an administrator granted the scope): read the runs and poll again, unasked.
        await this.kick();
      }
    }
  }

  async searchExperiments(text: string): Promise<void> {
    this._experimentSearch = text;
    if (!this.ready) {
      // The proxy answers 503 until the server is up; refreshTick searches once it is.
      this._changed.emit();
      return;
    }
    try {
      const found = await this.client.searchExperiments(text);
      if (text === this._experimentSearch) {
        this._experiments = found;
        this._statusError = null;
      }
    } catch (error) {
      this.noteFailure(error);
    }
    this._changed.emit();
  }

  /** Follow another notebook (or none): choose its experiment again, unless the user chose. */
  async setNotebook(context: INotebookContext | null): Promise<void> {
    const samePath = context?.path === this._notebook?.path;
    const sameLink =
      context?.linkedExperimentId === this._notebook?.linkedExperimentId;
    this._notebook = context;
    if (samePath && sameLink) {
      this._changed.emit();
      return;
    }
    await this.resolveExperiment(true);
  }

  /**
   * Pick the experiment to show: the notebook's linked one, else the one its newest run
   * went to, else (first time only) the most recently updated experiment.
   */
  async resolveExperiment(force: boolean): Promise<void> {
    if (!this.ready) {
      return; // refreshTick resolves the experiment once the server is ready
    }
    if (!force && isSettled(this._experimentOrigin)) {
      return;
    }
    const generation = ++this._resolveGeneration;
    this._choosing = generation;
    try {
      await this.chooseAndShow(generation);
    } finally {
      if (this._choosing === generation) {
        this._choosing = 0;
        this._changed.emit(); // the choice is made (a restore waits for it)
      }
    }
  }

  /** Whether the lab is still choosing the experiment on its own (a lookup on its way). */
  get choosingExperiment(): boolean {
    return this._choosing !== 0;
  }

  private async chooseAndShow(generation: number): Promise<void> {
    let choice: IExperimentChoice;
    try {
      choice = await chooseExperiment(this.client, this._notebook, {
        shown: () => ({
          experimentId: this._experimentId,
          origin: this._experimentOrigin
        }),
        experiments: () => this._experiments,
        listExperiments: async () => {
          this._experiments = await this.client.searchExperiments('');
        }
      });
    } catch (error) {
      this.noteFailure(error);
      this._changed.emit();
      return;
    }
    if (generation !== this._resolveGeneration) {
      return;
    }
    if (choice.experimentId !== this._experimentId) {
      await this.showExperiment(choice.experimentId, choice.origin);
    } else {
      this._experimentOrigin = choice.origin;
      this._changed.emit();
    }
  }

  /** The user picked an experiment in the picker. */
  pickExperiment(experimentId: string): Promise<void> {
    this._resolveGeneration++;
    this._choosing = 0; // the user's pick ends the lab's own choosing
    return this.showExperiment(experimentId, 'user');
  }

  private async showExperiment(
    experimentId: string | null,
    origin: ExperimentOrigin
  ): Promise<void> {
    this._experimentId = experimentId;
    this._experimentOrigin = origin;
    this._experimentName =
      this._experiments.find(e => e.experiment_id === experimentId)?.name ?? '';
    this._selected.clear();
    this._detailsRunId = null;
    // Another experiment has other params and metrics: start from its own columns.
    this._keys = { params: [], metrics: [], tags: [] };
    this._columns = null;
    this._changed.emit();
    if (experimentId && !this._experimentName) {
      this.client
        .getExperiment(experimentId, this._asked.signal)
        .then(e => {
          if (this._experimentId === e.experiment_id) {
            this._experimentName = e.name;
            if (
              !this._experiments.some(x => x.experiment_id === e.experiment_id)
            ) {
              this._experiments = [e, ...this._experiments];
            }
            this._changed.emit();
          }
        })
        .catch(() => undefined);
    }
    await this.runs.setQuery({
      experimentIds: experimentId ? [experimentId] : []
    });
  }

  setFilter(filter: string): Promise<void> {
    return this.runs.setQuery({ filter });
  }

  setColumns(columns: IColumn[]): void {
    this._columns = columns;
    this._changed.emit();
  }

  toggleColumn(column: IColumn): void {
    const id = columnId(column);
    const current = this.columns;
    this.setColumns(
      current.some(c => columnId(c) === id)
        ? current.filter(c => columnId(c) !== id)
        : [...current, column]
    );
  }

  toggleSelected(runId: string): void {
    if (this._selected.has(runId)) {
      this._selected.delete(runId);
    } else {
      this._selected.add(runId);
    }
    this._changed.emit();
  }

  clearSelection(): void {
    this._selected.clear();
    this._changed.emit();
  }

  showDetails(runId: string | null): void {
    this._detailsRunId = runId;
    if (runId !== null) {
      this.poller.touch(); // the user looks at a run: its charts move at the fastest rate
    }
    this._changed.emit();
  }

  /**
   * Open one run's details by id (a job's run, from the Jobs panel): its experiment is
   * shown first, and the run is read by id, so it need not be on a loaded page.
   */
  async showRun(runId: string): Promise<void> {
    const run = await this.client.getRun(runId, this._asked.signal);
    if (run.info.experiment_id !== this._experimentId) {
      this._resolveGeneration++;
      this._choosing = 0;
      await this.showExperiment(run.info.experiment_id, 'user');
    }
    this.openRun(run);
  }

  /** Open the details of a run already read from the server. */
  openRun(run: Run): void {
    this._shownRun = run;
    this.showDetails(run.info.run_id);
  }

  /** The sidebar was shown: fetch the runs (the first time) and poll now. */
  async shown(): Promise<void> {
    if (this.runs.suspended) {
      await this.runs.resume();
    }
    await this.kick();
  }

  /** A cell of the followed notebook was scheduled: poll fast for a while, from now. */
  executionScheduled(): Promise<void> {
    this._pace.executionScheduled();
    return this.kick();
  }

  /** The refresh button: re-read now and poll fast again. */
  refresh(): Promise<void> {
    return this.kick();
  }

  /** Whether a refusal paused live refresh until the user acts (the sidebar says so). */
  get liveRefreshPaused(): boolean {
    return this.poller.stopped;
  }

  /** Poll now; the sidebar drops its "paused" note when that ends a pause. */
  private async kick(): Promise<void> {
    const paused = this.poller.stopped;
    await this.poller.kick();
    if (paused !== this.poller.stopped) {
      this._changed.emit();
    }
  }

  /** Whether the tracking server answered as ready at the last status check. */
  get ready(): boolean {
    return isReady(this._status);
  }

  private async refreshTick(): Promise<boolean> {
    // The embedded server may still be starting (or restarting): ask until it is ready,
    // then load the experiments and choose one.
    if (!this.ready) {
      if (!(await this.loadStatus())) {
        return false;
      }
      await this.searchExperiments(this._experimentSearch);
      if (this._experimentId === null) {
        await this.resolveExperiment(true);
      } else {
        // Back after an outage: keep the experiment shown (the user's pick too), read it again.
        await this.resolveExperiment(false);
        await this.runs.refresh();
        this.noteRunsRead();
      }
      // The status route saying "ready" is not enough to poll fast again: the reads must
      // answer too (a search slower than the proxy's timeout fails again, every time).
      return isReady(this._status) && this.poller.failedReads === 0;
    }
    // While the notebook has no runs of its own, look again: a run it starts should appear
    // (while a long cell runs past the fast window, on every few ticks only).
    const busy = this._isBusy();
    if (
      this._notebook &&
      !isSettled(this._experimentOrigin) &&
      this._pace.lookupNow(busy, this._pace.busyFast(busy, false))
    ) {
      const before = this._experimentId;
      await this.resolveExperiment(false);
      if (before !== this._experimentId) {
        return true;
      }
    }
    const changed = await this.runs.refresh();
    this.noteRunsRead();
    return changed && this.poller.failedReads === 0;
  }

  /**
   * Why the runs could not be read, when the request itself was at fault (an invalid filter):
   * null while the server is gone, which the server status shows instead.
   */
  get runsError(): string | null {
    const failure = this.runs.failure;
    return isOutage(failure) ? null : this.runs.error;
  }

  /**
   * The runs were read: an answer resets the backoff; a failure because the server is
   * gone, refused the credentials or limits the rate is noted (see noteFailure).
   */
  private noteRunsRead(): void {
    const failure = this.runs.failure;
    if (failure === null) {
      this.poller.readSucceeded();
    } else if (isOutage(failure)) {
      this.noteFailure(failure);
      this._changed.emit();
    } else {
      backOffAfter(this.poller, failure); // shown as runsError
    }
  }

  private onRunsChanged(): void {
    if (this.runs.runs.length > 0 && !this.runs.loading) {
      const keys = knownKeys(this.runs.runs);
      const merge = (a: string[], b: string[]) =>
        [...new Set([...a, ...b])].sort((x, y) => x.localeCompare(y));
      this._keys = {
        params: merge(this._keys.params, keys.params),
        metrics: merge(this._keys.metrics, keys.metrics),
        tags: merge(this._keys.tags, keys.tags)
      };
    }
    this._changed.emit();
  }

  /** Names of the selected runs (for titles). */
  selectedRunNames(): string[] {
    return this.runs.runs
      .filter(r => this._selected.has(r.info.run_id))
      .map(runName);
  }

  dispose(): void {
    this._asked.abort();
    this.poller.dispose();
    this.runs.dispose();
    Signal.clearData(this);
  }
}
