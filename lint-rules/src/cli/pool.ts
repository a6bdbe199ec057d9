/** Runs lint jobs across worker threads (large runs) or in this thread (small runs). */
import { existsSync, statSync } from 'fs';
import * as path from 'path';
import type { ResourceLimits, Worker as WorkerThread } from 'worker_threads';
import type { FileResult } from '../format';
import type { ResolvedConfig } from '../config';
import { BUNDLE_FILE } from './codeCache';
import { ConfigSource } from './configLoader';
import { LintJob, runJob } from './job';

/** Below this many files, thread start-up costs more than it saves. */
export const PARALLEL_THRESHOLD = 8;

/**
 * Input bytes per extra worker thread. A worker loads the library again (~0.2 s CPU) and runs cold
 * (un-optimised) code for its first megabytes: measured on ../shared/corpus (3 MB, 109 notebooks),
 * one thread took 2.0 s CPU and two threads 2.8 s, and on a busy machine the extra thread made the
 * wall time worse too. So a worker is started only for each 8 MB of input beyond the first, where
 * its share of the work clearly outweighs its start-up.
 */
export const BYTES_PER_WORKER = 8 * 1024 * 1024;

/**
 * How a worker starts: lib/cli/workerBoot.js, which loads the same bundle as this thread when
 * this thread runs from it (bin/nbcraft.js), else the plain compiled worker.
 */
function workerScript(): string | null {
  // lib/cli/ next to this file once built; from the TS sources (jest) use the built copy
  for (const candidate of [
    path.join(__dirname, 'workerBoot.js'),
    path.join(__dirname, '..', '..', 'lib', 'cli', 'workerBoot.js')
  ]) {
    if (existsSync(candidate)) {
      return candidate;
    }
  }
  return null;
}

export interface PoolOptions {
  threads: number;
  /** use `threads` threads whatever the input size (the user set NBCRAFT_THREADS) */
  forceThreads?: boolean;
  /** each worker's heap limits (worker_threads' `resourceLimits`); Node's defaults if unset */
  workerLimits?: ResourceLimits;
  /** called with each worker thread once the pool listens to it (tests stop one) */
  onWorker?: (worker: WorkerThread) => void;
}

/** The jobs' input size; synchronous stats, as io.ts reads (no thread-pool round trip per file). */
function totalBytes(jobs: readonly LintJob[]): number {
  let total = 0;
  for (const job of jobs) {
    try {
      total += statSync(job.abs).size;
    } catch {
      // unreadable: the lint reports it; it adds no work
    }
  }
  return total;
}

/** How many threads (this one included) the jobs deserve. */
function threadCount(jobs: readonly LintJob[], options: PoolOptions): number {
  if (options.threads <= 1 || jobs.length <= PARALLEL_THRESHOLD) {
    return 1;
  }
  const byFiles = Math.min(
    options.threads,
    Math.ceil(jobs.length / PARALLEL_THRESHOLD)
  );
  if (options.forceThreads) {
    return byFiles;
  }
  return Math.max(
    1,
    Math.min(byFiles, Math.floor(totalBytes(jobs) / BYTES_PER_WORKER))
  );
}

/** A file whose lint failed in a worker: the file, why (exit code 2, as every error result). */
function failedResult(job: LintJob, reason: string): FileResult {
  return {
    path: job.display,
    findings: [],
    error: {
      kind: 'internal',
      message: `nbcraft failed while linting: ${reason}`,
      hint: 'lint this file alone (NBCRAFT_THREADS=1) to see whether it fails again, and please report it'
    }
  };
}

export async function runJobs(
  jobs: LintJob[],
  sources: ConfigSource[],
  resolved: ResolvedConfig[],
  options: PoolOptions
): Promise<(FileResult | null)[]> {
  const wanted = threadCount(jobs, options);
  const script = wanted > 1 ? workerScript() : null;
  const threads = script ? wanted : 1;
  const results = new Array<FileResult | null>(jobs.length).fill(null);
  let next = 0;
  // jobs a failed worker had queued but not started: the next taker lints them first
  const handedBack: number[] = [];
  const take = (): number | undefined =>
    handedBack.shift() ?? (next < jobs.length ? next++ : undefined);
  // this thread works too (it is warm already), beside threads - 1 workers
  const local = async (yieldBetweenJobs: boolean) => {
    for (let id = take(); id !== undefined; id = take()) {
      results[id] = await runJob(jobs[id], resolved[jobs[id].config]);
      if (yieldBetweenJobs) {
        // runJob reads synchronously: let the workers' messages in between two files
        await new Promise(resolve => setImmediate(resolve));
      }
    }
  };
  if (threads <= 1 || !script) {
    // few files: thread start-up (loading and warming the library again) costs more than it saves
    await local(false);
    return results;
  }
  const workers = threads - 1;
  // loaded only here: a run in one thread never pays for worker_threads
  const { Worker } = await import('worker_threads');
  const bundle =
    path.basename(__filename) === BUNDLE_FILE ? __filename : undefined;
  await Promise.all([
    local(true),
    ...Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(script, {
            workerData: { sources, bundle },
            resourceLimits: options.workerLimits
          });
          let finished = false;
          // the worker's jobs in order: it lints the first while the next waits in its queue, so
          // it never sits idle until this thread, busy with a file of its own, can answer
          const inFlight: number[] = [];
          const feed = () => {
            const id = finished ? undefined : take();
            if (id !== undefined) {
              inFlight.push(id);
              worker.postMessage({ id, job: jobs[id] });
            } else if (inFlight.length === 0 && !finished) {
              finished = true;
              void worker.terminate().then(() => {
                resolve();
              });
            }
          };
          // A worker that fails (an uncaught error, out of memory, an exit) fails the file it
          // was linting, named with the reason; the files queued behind it go back to the
          // others, and this lane goes on in this thread, so no other file's findings are lost.
          // 'error' comes before 'exit': the first one tells the reason.
          const fail = (reason: string) => {
            if (finished) {
              return;
            }
            finished = true;
            const queued = inFlight.splice(0);
            const current = queued.shift();
            if (current !== undefined) {
              results[current] = failedResult(jobs[current], reason);
            }
            handedBack.push(...queued);
            void worker.terminate();
            local(true).then(resolve, reject);
          };
          worker.on(
            'message',
            (msg: {
              id: number;
              result?: FileResult | null;
              failure?: string;
            }) => {
              if (finished) {
                return;
              }
              results[msg.id] =
                msg.failure !== undefined
                  ? failedResult(jobs[msg.id], msg.failure)
                  : (msg.result ?? null);
              inFlight.splice(inFlight.indexOf(msg.id), 1);
              feed();
            }
          );
          worker.on('error', err => {
            fail(err.message);
          });
          worker.on('exit', code => {
            fail(`a lint worker stopped (exit code ${code})`);
          });
          options.onWorker?.(worker);
          feed();
          feed();
        })
    )
  ]);
  return results;
}
