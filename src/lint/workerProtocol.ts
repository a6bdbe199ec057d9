/** Messages between the lint session's runner (main thread) and the lint worker. */
import type { LintRequest, LintResponse } from './lintRunner';

export type WorkerRequest =
  | { kind: 'lint'; id: number; request: LintRequest }
  | { kind: 'forget'; session: string };

export type WorkerReply =
  | { kind: 'report'; id: number; thread: 'worker'; response: LintResponse }
  | { kind: 'error'; id: number; message: string };
