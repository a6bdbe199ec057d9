/**
 * Pure wording of the trust notice: what an untrusted project file would set, so the user
 * can judge it before clicking Trust. No widgets, no I/O.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { CONFIG_FILE_NAMES } from '@nbcraft/lint-rules';

import type { TrustState, TrustTarget } from './api';

/**
 * The keys only the project file at the Jupyter root sets, once trusted (PRIVILEGED_KEYS of
 * nbcraft/project_config.py); lint and promote options apply from any folder's file.
 */
export const ROOT_ONLY_KEYS = ['tracking', 'compute', 'pipelines'] as const;

/**
 * Which project config file a path is: the one at the Jupyter root (the server reads it,
 * trust is about it), one in a sub-folder (lint and promote read it, the server does not),
 * or none.
 */
export function projectConfigAt(path: string): 'root' | 'nested' | null {
  const name = PathExt.basename(path);
  if (!(CONFIG_FILE_NAMES as readonly string[]).includes(name)) {
    return null;
  }
  return PathExt.dirname(path) === '' ? 'root' : 'nested';
}

/** The root-only keys a parsed config sets (`parseConfigText`'s result), in their order. */
export function rootOnlyKeysIn(settings: unknown): string[] {
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    return [];
  }
  const data = settings as Record<string, unknown>;
  return ROOT_ONLY_KEYS.filter(
    key => data[key] !== undefined && data[key] !== null
  );
}

/** The hint for a nested project file that sets what only the root's file can. */
export function nestedConfigHint(
  file: string,
  keys: string[],
  trans: TranslationBundle
): string {
  return trans.__(
    '%1 sets %2, which nbcraft reads only from the project file at the Jupyter root (once you trust it); its lint and promote options apply to the notebooks under its folder.',
    file,
    keys.join(', ')
  );
}

/** One notice per file content: the same file with the same hash is asked about once. */
export function noticeKey(state: TrustState): string | null {
  return state.heldBack && state.path && state.sha256
    ? `${state.path}#${state.sha256}`
    : null;
}

/** "spark (spark-connect) on sc://h:15002, interpreter tools/py" */
export function targetSummary(
  target: TrustTarget,
  trans: TranslationBundle
): string {
  const base = trans.__(
    '%1 (%2) on %3',
    target.name,
    target.kind,
    target.where
  );
  return target.python
    ? trans.__('%1, interpreter %2', base, target.python)
    : base;
}

/** JupyterLab cuts a notification's message after this many characters. */
export const NOTICE_MAX_LENGTH = 140;

/**
 * The notice's text: what the file would set, with each target's host and interpreter when
 * that fits in a notification, else the counts (the Details dialog has the rest).
 */
export function noticeText(
  state: TrustState,
  trans: TranslationBundle
): string {
  const file = state.file ?? state.path ?? '';
  const parts: string[] = [];
  if (state.tracking) {
    parts.push(trans.__('tracking %1', state.tracking.uri));
  }
  if (state.targets.length > 0) {
    const targets = state.targets
      .map(t =>
        t.python
          ? trans.__('%1 on %2 (%3)', t.name, t.where, t.python)
          : trans.__('%1 on %2', t.name, t.where)
      )
      .join(', ');
    parts.push(
      trans._n('%1 target: %2', '%1 targets: %2', state.targets.length, targets)
    );
  }
  if (state.pipelines.length > 0) {
    parts.push(trans.__('pipelines %1', state.pipelines.join(', ')));
  }
  const full = trans.__(
    '%1 asks to set %2. Held back until you trust it.',
    file,
    parts.join('; ')
  );
  if (full.length <= NOTICE_MAX_LENGTH) {
    return full;
  }
  const counts: string[] = [];
  if (state.tracking) {
    counts.push(trans.__('a tracking server'));
  }
  if (state.targets.length > 0) {
    counts.push(
      trans._n('%1 compute target', '%1 compute targets', state.targets.length)
    );
  }
  if (state.pipelines.length > 0) {
    counts.push(
      trans._n('%1 pipeline', '%1 pipelines', state.pipelines.length)
    );
  }
  return trans.__(
    '%1 asks to set %2 (see Details). Held back until you trust it.',
    file,
    counts.join(', ')
  );
}

/** The Details dialog's text: which file, all it would set, and that it is held back. */
export function describeRequest(
  state: TrustState,
  trans: TranslationBundle
): string {
  const parts: string[] = [];
  if (state.tracking) {
    parts.push(trans.__('the tracking server %1', state.tracking.uri));
  }
  if (state.targets.length > 0) {
    parts.push(
      trans._n(
        '%1 compute target: %2',
        '%1 compute targets: %2',
        state.targets.length,
        state.targets.map(t => targetSummary(t, trans)).join('; ')
      )
    );
  }
  if (state.pipelines.length > 0) {
    parts.push(trans.__('pipelines %1', state.pipelines.join(', ')));
  }
  const file = state.file ?? state.path ?? '';
  return trans.__(
    '%1 at the Jupyter root asks to set %2. These project settings are held back until you trust this file; trust it only if you trust where it came from.',
    file,
    parts.join('; ')
  );
}
