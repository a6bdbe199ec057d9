/**
 * The Web Worker entry: bundled with esbuild into a self-contained `lib/lint/lint-worker.js`
 * (the builder's module federation cannot load shared modules inside a worker). It keeps one
 * `RequestHandler` - and so the per-cell caches - per open notebook and answers each request
 * with the report, or with the error message when the request could not be linted.
 */
import { RequestHandler } from './lintRunner';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

/** The few worker-global members used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = self as unknown as WorkerScope;
const handler = new RequestHandler();

scope.onmessage = event => {
  const message = event.data;
  if (message.kind === 'forget') {
    handler.forget(message.session);
    return;
  }
  try {
    scope.postMessage({
      kind: 'report',
      id: message.id,
      thread: 'worker',
      response: handler.handle(message.request)
    });
  } catch (error) {
    // the caller resends the whole notebook next time
    handler.forget(message.request.session);
    scope.postMessage({
      kind: 'error',
      id: message.id,
      message: error instanceof Error ? error.message : String(error)
    });
  }
};
