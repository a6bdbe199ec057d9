/**
 * What a lint worker thread runs first: the CLI's bundle through the code cache when the main
 * thread runs from it (`workerData.bundle`), else the plain compiled worker.
 */
import { workerData } from 'worker_threads';
import { requireWithCodeCache } from './codeCache';

const bundle = (workerData as { bundle?: string } | null)?.bundle;
if (bundle) {
  // the main thread writes the cache when it lacks one; a worker only reads it
  const loaded = requireWithCodeCache(bundle, { write: false }).exports as {
    serveLintJobs(): Promise<unknown>;
  };
  void loaded.serveLintJobs();
} else {
  void import('./worker');
}
