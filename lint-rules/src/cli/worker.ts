/** Worker thread: lints the files the main thread sends, one at a time, and answers with results. */
import { MessagePort, parentPort, workerData } from 'worker_threads';
import type { ResolvedConfig } from '../config';
import { ConfigSource, resolveSource } from './configLoader';
import { LintJob, runJob } from './job';

const sources = (workerData as { sources: ConfigSource[] }).sources;
const configs = new Map<number, ResolvedConfig>();

async function handle(
  port: MessagePort,
  message: { id: number; job: LintJob }
): Promise<void> {
  try {
    let config = configs.get(message.job.config);
    if (!config) {
      config = resolveSource(sources[message.job.config]);
      configs.set(message.job.config, config);
    }
    const result = await runJob(message.job, config);
    port.postMessage({ id: message.id, result });
  } catch (err) {
    port.postMessage({ id: message.id, failure: (err as Error).message });
  }
}

const port = parentPort;
if (!port) {
  throw new Error(
    'lib/cli/worker.js runs only as a worker thread of nbcraft lint'
  );
}
port.on('message', (message: { id: number; job: LintJob }) => {
  void handle(port, message);
});
