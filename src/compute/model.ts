/**
 * Pure decisions of the compute picker: which target a notebook is on, how to switch,
 * what the labels and messages say. No widgets, no I/O.
 */
import type { ComputeTarget, SwitchPlan, TrackingStatus } from './api';
import { GENERATED_PREFIX } from './commands';

/** What the picker knows about one notebook session. */
export interface SessionState {
  /** the kernelspec the session's kernel runs (null: no kernel) */
  kernelName: string | null;
  /** the kernel's id; a rebind is forgotten when the kernel changes */
  kernelId: string | null;
  /** a Spark Connect target rebound inside this kernel (Python variables kept) */
  rebound?: { target: string; kernelId: string };
}

/** The target the notebook runs on now, or null for a plain kernel no target declares. */
export function currentTarget(
  targets: ComputeTarget[],
  session: SessionState
): ComputeTarget | null {
  if (session.rebound?.kernelId === session.kernelId) {
    const rebound = targets.find(t => t.name === session.rebound?.target);
    if (rebound) {
      return rebound;
    }
  }
  if (!session.kernelName) {
    return null;
  }
  return (
    targets.find(t => !t.error && t.kernelspec === session.kernelName) ?? null
  );
}

/** The toolbar label's target part: the target's name, else what the kernel is. */
export function targetLabel(
  target: ComputeTarget | null,
  session: SessionState,
  local: string,
  noKernel: string
): string {
  if (target) {
    return target.displayName ?? target.name;
  }
  if (!session.kernelName) {
    return noKernel;
  }
  if (session.kernelName.startsWith(GENERATED_PREFIX)) {
    // A generated spec whose target left the config: still say which one it was.
    return session.kernelName.slice(GENERATED_PREFIX.length);
  }
  return local;
}

/** Why a target cannot be chosen, or null when it can. */
export function unavailableReason(target: ComputeTarget): string | null {
  if (target.error) {
    return target.detail ?? 'this entry of the compute config is invalid';
  }
  if (!target.reachable) {
    return target.detail ?? 'the server could not reach this target';
  }
  if (!target.kernelspec) {
    return 'the server has no kernelspec for this target';
  }
  return null;
}

/**
 * The switch to make. The server's plan is used when it has one; without it (an older
 * server), changing the kernel is the safe choice.
 */
export function resolveSwitch(
  target: ComputeTarget,
  session: SessionState,
  serverPlan: SwitchPlan | null
): SwitchPlan {
  if (serverPlan) {
    if (serverPlan.mode === 'rebind' && !serverPlan.code) {
      return {
        ...serverPlan,
        mode: 'change-kernel',
        kernelspec: target.kernelspec,
        stateLost: true
      };
    }
    return serverPlan;
  }
  if (target.kernelspec && target.kernelspec === session.kernelName) {
    return {
      mode: 'none',
      kernelspec: target.kernelspec,
      stateLost: false,
      reason: 'the notebook already uses this target'
    };
  }
  return {
    mode: 'change-kernel',
    kernelspec: target.kernelspec,
    stateLost: true,
    reason: 'a new kernel is started for this target'
  };
}

/** The code cells above the active cell, to re-run after a kernel change. */
export function cellsToRerun(
  cellTypes: string[],
  activeIndex: number
): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(activeIndex, cellTypes.length); i++) {
    if (cellTypes[i] === 'code') {
      out.push(i);
    }
  }
  return out;
}

/** The status bar's tracking part: where runs go, without credentials. */
export function trackingLabel(
  status: TrackingStatus | null,
  none: string
): string {
  if (!status) {
    return none;
  }
  const where = status.uri ? stripCredentials(status.uri) : status.kind;
  return status.reachable ? where : `${where} (unreachable)`;
}

/** `https://user:pw@host/x` -> `https://host/x`; the server already strips them, this is belt and braces. */
export function stripCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
