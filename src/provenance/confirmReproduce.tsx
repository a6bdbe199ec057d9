/**
 * Before Reproduce runs a record (which may be someone else's: its notebook and diff run as
 * code on this machine), the user sees whose run it is, its commit and target, and the files
 * its recorded diff changes, and confirms.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { TrackingClient } from '../tracking/client';
import { nonEmpty } from '../tracking/format';
import type { Run } from '../tracking/schemas';
import { diffFiles } from './model';

const tag = (run: Run, key: string) =>
  run.data.tags.find(t => t.key === key)?.value;

/** The files the run's `nbcraft/git.diff` changes; null when it cannot be read. */
async function recordedDiffFiles(
  tracking: TrackingClient,
  run: Run
): Promise<string[] | null> {
  const download = TrackingClient.artifactDownloadPath(
    run.info.artifact_uri,
    'nbcraft/git.diff'
  );
  if (!download) {
    return null;
  }
  try {
    const { text, truncated } = await tracking.artifactText(download);
    const files = diffFiles(text);
    return truncated ? [...files, '…'] : files;
  } catch {
    return null;
  }
}

export async function confirmReproduce(
  tracking: TrackingClient,
  run: Run,
  trans: TranslationBundle
): Promise<boolean> {
  const dirty = tag(run, 'nbcraft.git.dirty') === 'true';
  const files = dirty ? await recordedDiffFiles(tracking, run) : [];
  const commit = tag(run, 'mlflow.source.git.commit') ?? '';
  const body = (
    <div className="jp-nbcraft-provenance-confirm">
      <p>
        {trans.__(
          'Reproduce runs this run’s notebook as code on this machine, from its commit and its recorded changes. Run it only if you trust the run’s author.'
        )}
      </p>
      <dl>
        <dt>{trans.__('Author')}</dt>
        <dd data-field="author">
          {nonEmpty(run.info.user_id) ?? trans.__('unknown')}
        </dd>
        <dt>{trans.__('Notebook')}</dt>
        <dd>{tag(run, 'nbcraft.notebook') ?? trans.__('unknown')}</dd>
        <dt>{trans.__('Commit')}</dt>
        <dd>
          <code>{commit.slice(0, 12) || trans.__('none')}</code>
        </dd>
        <dt>{trans.__('Target')}</dt>
        <dd>{tag(run, 'nbcraft.compute_target') ?? trans.__('local')}</dd>
        <dt>{trans.__('Changes applied on top of the commit')}</dt>
        <dd data-field="diff">
          {!dirty
            ? trans.__('none (the tree was clean)')
            : files === null
              ? trans.__('a recorded diff that could not be read here')
              : files.join(', ') || trans.__('none')}
        </dd>
      </dl>
    </div>
  );
  const result = await showDialog({
    title: trans.__('Reproduce this run?'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Reproduce') })
    ]
  });
  return result.button.accept;
}
