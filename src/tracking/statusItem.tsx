import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { STATUS_ITEM_CLASS, STATUS_TEXT_CLASS } from '../core/statusText';
import { FORBIDDEN, SIGNED_OUT } from './connection';
import type { TrackingController } from './controller';
import { runName } from './runFields';
import type { TrackingStatus } from './schemas';
import { isStarting } from './statusWatch';

/**
 * The item's words: the experiment shown, and whether the tracking server answers. While it
 * is gone (the sidebar found it so, or the status route said so) the name says it too, so
 * the status bar does not look connected when the server is down.
 */
export function trackingStatusLabel(
  experiment: string | null,
  status: TrackingStatus | null,
  trans: TranslationBundle
): string {
  const gone = status?.state === 'unreachable';
  if (status?.state === SIGNED_OUT) {
    // Jupyter refused the lab itself (restarted with a new token): nothing MLflow did.
    return trans.__('MLflow: signed out of Jupyter (reload)');
  }
  if (status?.state === FORBIDDEN) {
    // Jupyter refused this user the tracking routes: reloading does not help.
    return trans.__('MLflow: refused by Jupyter');
  }
  if (status?.state === 'unauthorized') {
    // Refused credentials: not connected either, whatever the name shown.
    return experiment
      ? trans.__('MLflow: %1 (credentials refused)', experiment)
      : trans.__('MLflow: credentials refused');
  }
  if (experiment) {
    return gone
      ? trans.__('MLflow: %1 (unreachable)', experiment)
      : trans.__('MLflow: %1', experiment);
  }
  if (isStarting(status)) {
    return trans.__('MLflow: starting…');
  }
  return gone
    ? trans.__('MLflow: unreachable')
    : trans.__('MLflow: no experiment');
}

/** The sidebar's word for the tracking server's state (beside a shape, not a colour alone). */
export function serverStateLabel(
  status: TrackingStatus | null,
  trans: TranslationBundle
): string {
  if (!status) {
    return trans.__('Server status unknown');
  }
  if (status.reachable && status.state === 'ready') {
    return trans.__('Connected');
  }
  if (isStarting(status)) {
    return trans.__('Starting…');
  }
  if (status.state === SIGNED_OUT) {
    return trans.__('Signed out');
  }
  if (status.state === FORBIDDEN) {
    return trans.__('Refused by Jupyter');
  }
  return status.state === 'unauthorized'
    ? trans.__('Credentials refused')
    : trans.__('Unreachable');
}

/** The status bar item: the experiment shown and the notebook's active run. */
export class TrackingStatusItem extends ReactWidget {
  constructor(
    private readonly controller: TrackingController,
    private readonly trans: TranslationBundle,
    private readonly onClick: () => void
  ) {
    super();
    this.addClass('jp-nbcraft-tracking-statusitem');
    this.addClass(STATUS_ITEM_CLASS);
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this.controller.changed}>
        {() => {
          const name =
            this.controller.experimentName || this.controller.experimentId;
          const active = this.controller.activeNotebookRun;
          const trans = this.trans;
          const label = trackingStatusLabel(
            name,
            this.controller.status,
            trans
          );
          const running = active ? trans.__('running %1', runName(active)) : '';
          return (
            // JupyterLab's TextItem class (its font and line height), as a button in the Tab
            // order; a span, not TextItem itself, to colour the active run apart.
            <span
              className={`${STATUS_TEXT_CLASS} jp-nbcraft-tracking-statustext`}
              role="button"
              tabIndex={0}
              // cut with an ellipsis where the status bar is short of room: all of it here
              title={`${label}${running ? ` · ${running}` : ''}\n${trans.__(
                'MLflow experiment and the notebook’s active run (click to show the runs)'
              )}`}
              onClick={this.onClick}
              onKeyDown={(event: React.KeyboardEvent) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  this.onClick();
                }
              }}
            >
              {label}
              {active ? (
                <span className="jp-nbcraft-tracking-statusrun">
                  {' · '}
                  {running}
                </span>
              ) : null}
            </span>
          );
        }}
      </UseSignal>
    );
  }
}
