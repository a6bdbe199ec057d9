/**
 * The picker's shared state: the targets the server lists (refreshed on demand), and the
 * Spark Connect targets rebound inside running kernels. Widgets listen to `changed`.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import { Signal, type ISignal } from '@lumino/signaling';
import type { AxiosInstance } from 'axios';

import { fetchTargets, type ComputeTarget } from './api';
import type { SessionState } from './model';

/** JupyterLab's kernel display states of a session whose kernel is coming. */
const KERNEL_ON_ITS_WAY = new Set<string>([
  'initializing',
  'starting',
  'restarting'
]);

export class ComputeService {
  constructor(readonly client: AxiosInstance) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get targets(): ComputeTarget[] {
    return this._targets;
  }

  /** The last listing failure, shown instead of the targets. */
  get error(): string | null {
    return this._error;
  }

  /** Ask the server again (it re-reads nbcraft.json and re-checks reachability). */
  /**
   * List the targets again. Refreshes may overlap (each one probes every target, and some
   * are slow): an answer older than one already applied is dropped, never shown over it.
   */
  async refresh(): Promise<ComputeTarget[]> {
    const asked = ++this._asked;
    let targets: ComputeTarget[] | null = null;
    let error: string | null = null;
    try {
      targets = await fetchTargets(this.client);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (asked < this._applied) {
      return this._targets;
    }
    this._applied = asked;
    if (targets !== null) {
      this._targets = targets;
    }
    this._error = error;
    this._changed.emit();
    return this._targets;
  }

  private _asked = 0;
  private _applied = 0;

  /** What the picker knows about a session now. */
  sessionState(context: ISessionContext): SessionState {
    const kernel = context.session?.kernel ?? null;
    return {
      kernelName: kernel?.name ?? null,
      kernelId: kernel?.id ?? null,
      rebound: this._rebound.get(context),
      // No kernel yet, but one on its way (the notebook opening its session, a kernel
      // starting or changing), as JupyterLab's own status says; after "Shut Down Kernel"
      // the context is not ready either, but its status is "unknown": no kernel.
      starting:
        !kernel &&
        !context.isDisposed &&
        KERNEL_ON_ITS_WAY.has(context.kernelDisplayStatus)
    };
  }

  /** Remember that `target`'s Spark session now lives in the session's current kernel. */
  markRebound(context: ISessionContext, target: string): void {
    const kernelId = context.session?.kernel?.id;
    if (kernelId) {
      this._rebound.set(context, { target, kernelId });
    }
    this._changed.emit();
  }

  forgetRebound(context: ISessionContext): void {
    this._rebound.delete(context);
    this._changed.emit();
  }

  /**
   * Whether a warning about `target` is yet to be said in this lab session: true the first
   * time only, so every notebook's toolbar item asking says it once between them.
   */
  firstToSay(target: string): boolean {
    if (this._said.has(target)) {
      return false;
    }
    this._said.add(target);
    return true;
  }

  private _said = new Set<string>();
  private _targets: ComputeTarget[] = [];
  private _error: string | null = null;
  private _rebound = new WeakMap<
    ISessionContext,
    { target: string; kernelId: string }
  >();
  private _changed = new Signal<this, void>(this);
}
