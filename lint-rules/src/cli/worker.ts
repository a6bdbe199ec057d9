/** Worker thread: lints the files the main thread sends, one at a time, and answers with results. */
import { parentPort, workerData } from 'worker_threads';
import type { ResolvedConfig } from '../config';
import { ConfigSource, resolveSource } from './configLoader';
import { LintJob, runJob } from './job';

const sources = (workerData as { sources: ConfigSource[] }).sources;
const configs = new Map<number, ResolvedConfig>();

parentPort!.on('message', async (message: { id: number; job: LintJob }) => {
  try {
    let config = configs.get(message.job.config);
    if (!config) {
      config = resolveSource(sources[message.job.config]);
      configs.set(message.job.config, config);
    }
    const result = await runJob(message.job, config);
    parentPort!.postMessage({ id: message.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, failure: (err as Error).message });
  }
});
