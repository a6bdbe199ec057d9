/**
 * Lints in a Web Worker so that typing never waits on linting: the main thread only reads the
 * model and posts the cells changed since the last request; the worker keeps the per-cell caches.
 * When the worker cannot start (or dies), linting falls back to the calling thread, said once
 * in the console at info level.
 */
import { emptyReport } from './lintReport';
import type { NotebookLintReport } from './lintReport';
import type { LocatedConfig } from './configLocator';
import {
  InlineLintRunner,
  reportFromResponse,
  RequestEncoder
} from './lintRunner';
import type { LintRunner } from './lintRunner';
import { makeNotice } from './notices';
import type { LintUserSettings } from './lintSettings';
import type { NotebookInput } from './notebookSnapshot';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

/** The part of `Worker` the runner uses (tests pass a fake that runs the handler). */
export interface LintWorkerPort {
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: WorkerRequest): void;
  terminate(): void;
}

/** Measured from posting a request to the worker's report (only for reports made in the worker). */
export const WORKER_MEASURE = 'nbcraft-lint-worker';

interface Pending {
  resolve(report: NotebookLintReport): void;
  /** lints the same notebook on the calling thread (when the worker dies meanwhile) */
  inline(): Promise<NotebookLintReport>;
  path: string;
  session: string;
  started: number;
}

export class WorkerLintRunner implements LintRunner {
  private worker: LintWorkerPort | null = null;
  private readonly encoder = new RequestEncoder();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private fallback: InlineLintRunner | null = null;
  /** how many reports the worker made (the rest were made on this thread) */
  reportsFromWorker = 0;

  /** `start` creates the worker; it may throw (no Worker, blocked script), then lints run inline. */
  constructor(
    start: () => LintWorkerPort,
    private readonly log: (message: string) => void = message => {
      console.info(message);
    }
  ) {
    try {
      const worker = start();
      worker.onmessage = event => {
        this.receive(event.data);
      };
      worker.onerror = event => {
        const detail = event.message ? `: ${event.message}` : '';
        this.fallBack(`the lint worker failed${detail}`);
      };
      this.worker = worker;
    } catch (error) {
      this.fallBack(`the lint worker could not start: ${String(error)}`);
    }
  }

  /** Where lints run now. */
  get thread(): 'worker' | 'main' {
    return this.worker ? 'worker' : 'main';
  }

  lint(
    input: NotebookInput,
    session: string,
    located: LocatedConfig,
    settings: LintUserSettings,
    configVersion: number
  ): Promise<NotebookLintReport> {
    if (!this.worker) {
      return this.inline().lint(
        input,
        session,
        located,
        settings,
        configVersion
      );
    }
    const worker = this.worker;
    const request = this.encoder.encode(
      input,
      session,
      located,
      settings,
      configVersion
    );
    const id = this.nextId++;
    return new Promise<NotebookLintReport>(resolve => {
      this.pending.set(id, {
        resolve,
        inline: () =>
          this.inline().lint(input, session, located, settings, configVersion),
        path: input.path,
        session,
        started: performance.now()
      });
      try {
        worker.postMessage({ kind: 'lint', id, request });
      } catch (error) {
        // e.g. a value that cannot be cloned: this notebook is resent in full next time
        this.pending.delete(id);
        this.encoder.forget(session);
        resolve(failure(input.path, String(error)));
      }
    });
  }

  forget(session: string): void {
    this.encoder.forget(session);
    this.fallback?.forget(session);
    this.worker?.postMessage({ kind: 'forget', session });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private receive(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) {
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'error') {
      this.encoder.forget(waiting.session);
      waiting.resolve(failure(waiting.path, reply.message));
      return;
    }
    this.reportsFromWorker++;
    // browsers have User Timing; jsdom (unit tests) has no `measure`
    if ('measure' in performance) {
      performance.measure(WORKER_MEASURE, { start: waiting.started });
    }
    waiting.resolve(reportFromResponse(reply.response));
  }

  private inline(): InlineLintRunner {
    return (this.fallback ??= new InlineLintRunner());
  }

  /** Lints from now on run on this thread; requests in flight are linted here too. */
  private fallBack(reason: string): void {
    if (!this.worker && this.fallback) {
      return;
    }
    this.log(
      `nbcraft: ${reason}; linting runs on the main thread instead (typing may wait on it in large notebooks).`
    );
    this.worker?.terminate();
    this.worker = null;
    this.inline();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      void p.inline().then(report => {
        p.resolve(report);
      });
    }
  }
}

function failure(path: string, reason: string): NotebookLintReport {
  return emptyReport(path, [makeNotice('failure', reason)]);
}
