import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

/** An MLflow run status as the user reads it (translated), never the raw value. */
export function statusLabel(status: string, trans: TranslationBundle): string {
  switch (status) {
    case 'RUNNING':
      return trans.__('Running');
    case 'SCHEDULED':
      return trans.__('Scheduled');
    case 'FINISHED':
      return trans.__('Finished');
    case 'FAILED':
      return trans.__('Failed');
    case 'KILLED':
      return trans.__('Killed');
    default:
      return status;
  }
}

/** A status glyph per state, so that status is not told by colour alone. */
const STATUS_GLYPHS: Record<string, string> = {
  RUNNING: '▶',
  SCHEDULED: '◷',
  FINISHED: '✓',
  FAILED: '✗',
  KILLED: '■'
};

/** A run's status: a shape and a colour, labelled for screen readers and on hover. */
export function RunStatusIcon(props: {
  status: string;
  trans: TranslationBundle;
}): React.ReactElement {
  const label = statusLabel(props.status, props.trans);
  return (
    <span
      className={`jp-nbcraft-tracking-status jp-nbcraft-tracking-status-${props.status.toLowerCase()}`}
      role="img"
      aria-label={label}
      title={label}
    >
      <span aria-hidden="true">{STATUS_GLYPHS[props.status] ?? '?'}</span>
    </span>
  );
}
