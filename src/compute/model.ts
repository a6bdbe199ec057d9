/**
 * Pure decisions of the compute picker: which target a notebook is on, how to switch,
 * what the labels and messages say. No widgets, no I/O.
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';

import type { ComputeTarget, SwitchPlan } from './api';
import { GENERATED_PREFIX } from './tokens';

/** What the picker knows about one notebook session. */
export interface SessionState {
  /** the kernelspec the session's kernel runs (null: no kernel) */
  kernelName: string | null;
  /** the kernel's id; a rebind is forgotten when the kernel changes */
  kernelId: string | null;
  /** a Spark Connect target rebound inside this kernel (Python variables kept) */
  rebound?: { target: string; kernelId: string };
  /** no kernel yet, but one is on its way (the notebook is still opening its session) */
  starting?: boolean;
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
    targets.find(
      t => !t.error && !t.shadowed && t.kernelspec === session.kernelName
    ) ?? null
  );
}

/**
 * The gateway target the session's kernel is named after while a kernelspec of this machine
 * has that name (the server's check): kernels-mixer started the local kernel, so the notebook
 * runs here, not on the gateway. Null otherwise.
 */
export function shadowedTarget(
  targets: ComputeTarget[],
  session: SessionState
): ComputeTarget | null {
  if (!session.kernelName) {
    return null;
  }
  return (
    targets.find(
      t =>
        t.kind === 'gateway' &&
        t.shadowed === true &&
        t.kernelspec === session.kernelName
    ) ?? null
  );
}

/** The name of the built-in target that goes back to this machine's default kernel. */
export const LOCAL_TARGET = 'local';

/**
 * The targets the picker offers: the declared ones plus `local` (the default kernelspec),
 * so a notebook moved to a remote target can always come back. Not added when a declared
 * target already is that kernelspec or takes the name.
 */
export function withLocalTarget(
  targets: ComputeTarget[],
  defaultKernelspec: string | null | undefined,
  detail: string
): ComputeTarget[] {
  if (
    !defaultKernelspec ||
    targets.some(
      t => t.name === LOCAL_TARGET || t.kernelspec === defaultKernelspec
    )
  ) {
    return targets;
  }
  const local: ComputeTarget = {
    name: LOCAL_TARGET,
    kind: 'local',
    reachable: true,
    kernelspec: defaultKernelspec,
    detail,
    source: 'builtin'
  };
  return [local, ...targets];
}

/** Whether the picker has anything to switch to: a usable target other than the current one. */
export function hasOtherTarget(
  targets: ComputeTarget[],
  current: ComputeTarget | null
): boolean {
  return targets.some(
    t => t.name !== current?.name && unavailableReason(t) === null
  );
}

/** The toolbar label's target part: the target's name, else what the kernel is. */
export function targetLabel(
  target: ComputeTarget | null,
  session: SessionState,
  local: string,
  noKernel: string,
  starting = 'starting…'
): string {
  if (target) {
    return target.displayName ?? target.name;
  }
  if (!session.kernelName) {
    return session.starting ? starting : noKernel;
  }
  if (session.kernelName.startsWith(GENERATED_PREFIX)) {
    // A generated spec whose target left the config: still say which one it was.
    return session.kernelName.slice(GENERATED_PREFIX.length);
  }
  return local;
}

/** English, for callers without a translator (the server's details are English too). */
const untranslated = nullTranslator.load('nbcraft');

/**
 * The kind and state words of a target in a list (the picker and the "Run as job" dialog):
 * an untrusted project file's targets are held back, a state to act on, not a config error.
 */
export function targetWords(
  target: ComputeTarget,
  trans: TranslationBundle = untranslated
): { kind: string; state: string } {
  const heldBack = target.heldBack === true;
  return {
    kind:
      target.kind ?? (heldBack ? trans.__('not trusted') : trans.__('invalid')),
    state: heldBack
      ? trans.__('held back')
      : target.error
        ? trans.__('config error')
        : target.reachable
          ? trans.__('reachable')
          : trans.__('unreachable')
  };
}

/** Why a target cannot be chosen, or null when it can (the server's detail when it gave one). */
export function unavailableReason(
  target: ComputeTarget,
  trans: TranslationBundle = untranslated
): string | null {
  if (target.heldBack) {
    return (
      target.detail ??
      trans.__(
        'the project config file is not trusted, so its targets are held back'
      )
    );
  }
  if (target.error) {
    return (
      target.detail ?? trans.__('this entry of the compute config is invalid')
    );
  }
  if (!target.reachable) {
    return target.detail ?? trans.__('the server could not reach this target');
  }
  if (!target.kernelspec) {
    return trans.__('the server has no kernelspec for this target');
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
  serverPlan: SwitchPlan | null,
  trans: TranslationBundle = untranslated
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
      reason: trans.__('the notebook already uses this target')
    };
  }
  return {
    mode: 'change-kernel',
    kernelspec: target.kernelspec,
    stateLost: true,
    reason: trans.__('a new kernel is started for this target')
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

/** What the status bar needs of the tracking status route's answer. */
export interface ITrackingSummary {
  kind?: string | null;
  uri?: string | null;
  reachable: boolean;
  /** ready | starting | restarting | failed | disabled | ... (absent from older servers) */
  state?: string;
}

/** The status bar's tracking part: where runs go, without credentials, and its state. */
export function trackingLabel(
  status: ITrackingSummary | null,
  none: string,
  words: { starting: string; unreachable: string } = {
    starting: 'starting…',
    unreachable: 'unreachable'
  },
  short = false
): string {
  if (!status || status.state === 'disabled') {
    return none;
  }
  const uri = status.uri ? stripCredentials(status.uri) : null;
  const where = uri
    ? short
      ? shortTrackingPlace(uri)
      : uri
    : (status.kind ?? none);
  if (status.state === 'starting' || status.state === 'restarting') {
    return `${where} (${words.starting})`;
  }
  return status.reachable ? where : `${where} (${words.unreachable})`;
}

/**
 * What the status bar shows of a tracking URI (credentials already stripped): the host and
 * port of an http(s) server, `scheme://host` of another with a host, `/…` for a path left
 * out; a URI without a host (`databricks`, `databricks://dev`) as it is. The full URI is the
 * item's tooltip and accessible name.
 */
export function shortTrackingPlace(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  if (!url.host || url.protocol === 'databricks:') {
    return uri;
  }
  const rest = url.pathname.replace(/\/+$/, '') + url.search + url.hash;
  const host =
    url.protocol === 'http:' || url.protocol === 'https:'
      ? url.host
      : `${url.protocol}//${url.host}`;
  return rest ? `${host}/…` : host;
}

/** `https://user:pw@host/x` -> `https://host/x`; the server already strips them, this is belt and braces. */
export function stripCredentials(uri: string): string {
  // up to the LAST `@` of the authority (before the first `/`, `?` or `#`), as the server's
  // `without_userinfo` does: a password may hold an `@` (`https://u:p@ss@h`)
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}
