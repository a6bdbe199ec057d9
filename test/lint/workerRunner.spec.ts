import { deserialize, serialize } from 'v8';

import type { LocatedConfig } from '../../src/lint/configLocator';
import { InlineLintRunner, RequestHandler } from '../../src/lint/lintRunner';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lintSettings';
import { WorkerLintRunner } from '../../src/lint/workerRunner';
import type { LintWorkerPort } from '../../src/lint/workerRunner';
import type { WorkerReply, WorkerRequest } from '../../src/lint/workerProtocol';
import { chainNotebook, editCell } from './helpers';

const noConfig: LocatedConfig = {
  file: null,
  baseDir: '',
  settings: {},
  text: null
};

/** A worker in this process: messages are structured-cloned and answered asynchronously. */
class InProcessWorker implements LintWorkerPort {
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: WorkerRequest[] = [];
  terminated = false;
  private readonly handler = new RequestHandler();

  postMessage(message: WorkerRequest): void {
    const copy = deserialize(serialize(message)) as WorkerRequest;
    this.received.push(copy);
    if (copy.kind === 'forget') {
      this.handler.forget(copy.session);
      return;
    }
    const reply: WorkerReply = {
      kind: 'report',
      id: copy.id,
      thread: 'worker',
      response: this.handler.handle(copy.request)
    };
    setTimeout(() => {
      this.onmessage?.({
        data: deserialize(serialize(reply)) as WorkerReply
      } as MessageEvent<WorkerReply>);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

const lint = (
  runner: { lint: InlineLintRunner['lint'] },
  nb: ReturnType<typeof chainNotebook>
) => runner.lint(nb, 's', noConfig, DEFAULT_LINT_SETTINGS, 1);

describe('WorkerLintRunner', () => {
  it('lints in the worker, posting only changed cells, with the same findings as inline', async () => {
    const worker = new InProcessWorker();
    const logged: string[] = [];
    const runner = new WorkerLintRunner(
      () => worker,
      m => logged.push(m)
    );
    const inline = new InlineLintRunner();
    expect(runner.thread).toBe('worker');
    let nb = chainNotebook(25);
    for (const edit of [undefined, 'v12 = undefined_thing', 'v12 = 12']) {
      if (edit) {
        nb = editCell(nb, 12, edit);
      }
      const [fromWorker, fromInline] = await Promise.all([
        lint(runner, nb),
        lint(inline, nb)
      ]);
      expect(fromWorker.findings).toEqual(fromInline.findings);
      expect(fromWorker.notices).toEqual(fromInline.notices);
    }
    const lints = worker.received.flatMap(m =>
      m.kind === 'lint' ? [m.request] : []
    );
    expect(lints).toHaveLength(3);
    expect(
      lints[2].cells.filter(c => !('unchanged' in c)).map(c => c.id)
    ).toEqual(['c12']);
    expect(runner.reportsFromWorker).toBe(3);
    expect(logged).toEqual([]);
  });

  it('falls back to the main thread, said once, when the worker cannot start', async () => {
    const logged: string[] = [];
    const runner = new WorkerLintRunner(
      () => {
        throw new Error('Worker is not defined');
      },
      m => logged.push(m)
    );
    expect(runner.thread).toBe('main');
    const nb = editCell(chainNotebook(5), 3, 'v3 = undefined_thing');
    const report = await lint(runner, nb);
    expect(report.findings.map(f => f.ruleId)).toContain('undefined-name');
    await lint(runner, nb);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/could not start.*main thread/);
  });

  it('relints requests in flight on the main thread when the worker dies', async () => {
    const worker = new InProcessWorker();
    // a worker that never answers, then fails
    worker.postMessage = () => undefined;
    const logged: string[] = [];
    const runner = new WorkerLintRunner(
      () => worker,
      m => logged.push(m)
    );
    const nb = editCell(chainNotebook(5), 2, 'v2 = undefined_thing');
    const pending = lint(runner, nb);
    worker.onerror?.({ message: 'script error' } as ErrorEvent);
    const report = await pending;
    expect(report.findings.map(f => f.ruleId)).toContain('undefined-name');
    expect(worker.terminated).toBe(true);
    expect(runner.thread).toBe('main');
    expect(runner.reportsFromWorker).toBe(0);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/failed: script error/);
  });
});
