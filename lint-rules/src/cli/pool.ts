/** Runs lint jobs across worker threads (large runs) or in this thread (small runs). */
import { existsSync, statSync } from 'fs';
import * as path from 'path';
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
  // this thread works too (it is warm already), beside threads - 1 workers
  const local = async (yieldBetweenJobs: boolean) => {
    while (next < jobs.length) {
      const id = next++;
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
            workerData: { sources, bundle }
          });
          let finished = false;
          // the worker's jobs in order: it lints the first while the next waits in its queue, so
          // it never sits idle until this thread, busy with a file of its own, can answer
          const inFlight: number[] = [];
          const feed = () => {
            if (next < jobs.length) {
              const id = next++;
              inFlight.push(id);
              worker.postMessage({ id, job: jobs[id] });
            } else if (inFlight.length === 0 && !finished) {
              finished = true;
              void worker.terminate().then(() => {
                resolve();
              });
            }
          };
          worker.on(
            'message',
            (msg: {
              id: number;
              result?: FileResult | null;
              failure?: string;
            }) => {
              results[msg.id] =
                msg.failure !== undefined
                  ? {
                      path: jobs[msg.id].display,
                      findings: [],
                      error: {
                        kind: 'internal',
                        message: `nbcraft failed: ${msg.failure}`
                      }
                    }
                  : (msg.result ?? null);
              inFlight.splice(inFlight.indexOf(msg.id), 1);
              feed();
            }
          );
          worker.on('error', reject);
          // a worker that dies (out of memory...) must not leave the run waiting forever
          worker.on('exit', code => {
            if (!finished) {
              reject(
                new Error(
                  `a lint worker stopped (exit code ${code}) while linting ${inFlight.length ? jobs[inFlight[0]].display : 'files'}`
                )
              );
            }
          });
          feed();
          feed();
        })
    )
  ]);
  return results;
}
