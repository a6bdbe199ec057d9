import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import {
  ReactWidget,
  refreshIcon,
  SidePanel,
  Toolbar,
  ToolbarButton,
  UseSignal
} from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import React, { useEffect, useRef, useState } from 'react';

import {
  jupyterForbiddenText,
  liveRefreshPausedText,
  signedOutText
} from '../core/retry';
import { FORBIDDEN, SIGNED_OUT } from './connection';
import type { TrackingController } from './controller';
import { columnId, nextSort, type IColumn } from './query';
import { RunDetails, type IRunActions } from './runDetails';
import { RunsTable } from './runsTable';
import { serverStateLabel } from './statusItem';

export interface ISidebarActions extends IRunActions {
  compare: (runIds: string[]) => void;
  linkExperiment: ((experimentId: string) => void) | null;
}

/**
 * The tracking sidebar, a JupyterLab side panel: a header, a toolbar (the server's status,
 * refresh) and the body: experiment picker, filter, column chooser, the runs table (or one
 * run's details) for the notebook the user is working in.
 */
export class TrackingSidebar extends SidePanel {
  constructor(
    readonly controller: TrackingController,
    readonly trans: TranslationBundle,
    readonly actions: ISidebarActions,
    translator?: ITranslator
  ) {
    super({ content: new Panel(), translator });
    this.id = 'nbcraft-tracking-sidebar';
    this.addClass('jp-nbcraft-tracking');
    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = trans.__('MLflow Runs');
    heading.addClass('jp-nbcraft-tracking-heading');
    this.header.addWidget(heading);
    this.toolbar.addItem(
      'status',
      ReactWidget.create(
        <UseSignal signal={controller.changed}>
          {() => <ServerStatus controller={controller} trans={trans} />}
        </UseSignal>
      )
    );
    this.toolbar.addItem('spacer', Toolbar.createSpacerItem());
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Refresh'),
        label: '',
        onClick: () => void controller.refresh()
      })
    );
    const body = ReactWidget.create(
      <UseSignal signal={controller.changed}>
        {() => (
          <SidebarBody
            controller={controller}
            trans={trans}
            actions={actions}
          />
        )}
      </UseSignal>
    );
    body.addClass('jp-nbcraft-tracking-content');
    this.addWidget(body);
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.controller.shown();
  }

  /** Shown from the keyboard (a command, the View menu): the focus goes to the runs. */
  protected override onActivateRequest(msg: Message): void {
    super.onActivateRequest(msg);
    this.focusRuns();
  }

  /**
   * Focus the runs after what opened the sidebar is done (the command palette gives the
   * focus back to where it was when it closes).
   */
  focusRuns(): void {
    requestAnimationFrame(() => {
      focusRunsSoon(this.node);
    });
  }
}

/**
 * Focus the runs table's current cell (or, in a run's details, its first button) once React
 * has drawn it.
 */
function focusRunsSoon(root: HTMLElement): void {
  const focus = () => {
    const target =
      root.querySelector<HTMLElement>(
        '.jp-nbcraft-tracking-table [data-grid-cell][tabindex="0"]'
      ) ??
      root.querySelector<HTMLElement>('.jp-nbcraft-tracking-details button');
    target?.focus();
    return target !== null;
  };
  if (!focus()) {
    requestAnimationFrame(() => {
      focus();
    });
  }
}

/** The tracking server's state: a shape and a word, not a coloured dot alone. */
function ServerStatus(props: {
  controller: TrackingController;
  trans: TranslationBundle;
}): React.ReactElement {
  const { controller, trans } = props;
  const status = controller.status;
  const ok = Boolean(status?.reachable && status.state === 'ready');
  const label = serverStateLabel(status, trans);
  return (
    <span
      className={
        'jp-nbcraft-tracking-server ' + (ok ? 'jp-mod-ok' : 'jp-mod-bad')
      }
      title={
        status
          ? `${status.kind ?? ''} ${status.uri ?? ''} ${status.state} ${status.version ?? ''}`.trim()
          : label
      }
    >
      <span className="jp-nbcraft-tracking-server-glyph" aria-hidden="true">
        {ok ? '●' : '▲'}
      </span>{' '}
      {label}
    </span>
  );
}

function SidebarBody(props: {
  controller: TrackingController;
  trans: TranslationBundle;
  actions: ISidebarActions;
}): React.ReactElement {
  const { controller, trans, actions } = props;
  const runs = controller.runs;
  const details = controller.detailsRun;
  const status = controller.status;
  const selected = [...controller.selected];
  const statusError = controller.statusErrorIn(trans);
  return (
    <div className="jp-nbcraft-tracking-body-wrap">
      {status?.state === SIGNED_OUT ? (
        <div className="jp-nbcraft-tracking-error">{signedOutText(trans)}</div>
      ) : status?.state === FORBIDDEN ? (
        <div className="jp-nbcraft-tracking-error">
          {jupyterForbiddenText(status.message)(trans)}
        </div>
      ) : status &&
        (!status.reachable || status.state !== 'ready') &&
        status.message ? (
        <div className="jp-nbcraft-tracking-error">
          {status.message}
          {status.hint ? (
            <div className="jp-nbcraft-tracking-muted">{status.hint}</div>
          ) : null}
        </div>
      ) : null}
      {controller.liveRefreshPaused ? (
        <div className="jp-nbcraft-tracking-muted jp-nbcraft-tracking-paused">
          {liveRefreshPausedText(trans)}
        </div>
      ) : null}
      {statusError ? (
        <div className="jp-nbcraft-tracking-error">{statusError}</div>
      ) : null}
      <ExperimentPicker
        controller={controller}
        trans={trans}
        actions={actions}
      />
      {details ? (
        <RunDetails
          client={controller.client}
          run={details}
          trans={trans}
          actions={actions}
          onBack={() => {
            controller.showDetails(null);
            const root = document.getElementById('nbcraft-tracking-sidebar');
            if (root) {
              requestAnimationFrame(() => {
                focusRunsSoon(root);
              });
            }
          }}
          now={Date.now()}
        />
      ) : (
        <>
          <FilterBar controller={controller} trans={trans} />
          <div className="jp-nbcraft-tracking-toolbar">
            <ColumnChooser controller={controller} trans={trans} />
            <span className="jp-nbcraft-tracking-count" aria-live="polite">
              {runs.loaded
                ? runs.hasMore
                  ? trans._n(
                      '%1 run loaded, more on scroll',
                      '%1 runs loaded, more on scroll',
                      runs.runs.length
                    )
                  : trans._n('%1 run', '%1 runs', runs.runs.length)
                : trans.__('Loading…')}
            </span>
            <span className="jp-nbcraft-tracking-spacer" />
            <button
              className="jp-mod-styled jp-nbcraft-tracking-compare-btn"
              disabled={selected.length === 0}
              onClick={() => {
                actions.compare(selected);
              }}
              title={trans.__('Compare the selected runs in the main area')}
            >
              {selected.length > 1
                ? trans.__('Compare (%1)', selected.length)
                : trans.__('Chart')}
            </button>
          </div>
          <RunsTable
            runs={runs.runs}
            columns={controller.columns}
            sort={runs.query.sort}
            hasMore={runs.hasMore}
            loading={runs.loading}
            selected={controller.selected}
            notebookPath={controller.notebook?.path ?? null}
            now={Date.now()}
            trans={trans}
            onSort={column =>
              void runs.setQuery({ sort: nextSort(runs.query.sort, column) })
            }
            onToggle={id => {
              controller.toggleSelected(id);
            }}
            onOpen={id => {
              controller.showDetails(id);
            }}
            onNeedMore={() => void runs.loadMore()}
          />
          {runs.loaded && runs.runs.length === 0 && !runs.error ? (
            <div className="jp-nbcraft-tracking-muted jp-nbcraft-tracking-empty">
              {controller.experimentId
                ? trans.__('No runs match.')
                : trans.__(
                    'No experiment yet. Run mlflow.start_run() in the notebook and it appears here.'
                  )}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

function ExperimentPicker(props: {
  controller: TrackingController;
  trans: TranslationBundle;
  actions: ISidebarActions;
}): React.ReactElement {
  const { controller, trans, actions } = props;
  const [text, setText] = useState(controller.experimentSearch);
  const timer = useRef<number | undefined>(undefined);
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
    },
    []
  );
  const experiments = controller.experiments;
  const current = controller.experimentId;
  const hasCurrent = experiments.some(e => e.experiment_id === current);
  const originNote: Record<string, string> = {
    metadata: trans.__('linked in the notebook'),
    'notebook-runs': trans.__('where this notebook’s runs go'),
    user: trans.__('chosen'),
    fallback: trans.__('most recent'),
    none: ''
  };
  return (
    <div className="jp-nbcraft-tracking-picker">
      <input
        className="jp-mod-styled jp-nbcraft-tracking-expsearch"
        type="search"
        placeholder={trans.__('Search experiments')}
        aria-label={trans.__('Search experiments')}
        value={text}
        onChange={event => {
          const value = event.currentTarget.value;
          setText(value);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(
            () => void controller.searchExperiments(value),
            250
          );
        }}
      />
      <div className="jp-nbcraft-tracking-row-flex">
        <select
          className="jp-mod-styled jp-nbcraft-tracking-expselect"
          aria-label={trans.__('Experiment')}
          value={current ?? ''}
          onChange={event =>
            void controller.pickExperiment(event.currentTarget.value)
          }
        >
          {current && !hasCurrent ? (
            <option value={current}>
              {controller.experimentName || current}
            </option>
          ) : null}
          {!current ? (
            <option value="">{trans.__('No experiment')}</option>
          ) : null}
          {experiments.map(e => (
            <option key={e.experiment_id} value={e.experiment_id}>
              {e.name}
            </option>
          ))}
        </select>
        {actions.linkExperiment &&
        current &&
        controller.experimentOrigin !== 'metadata' ? (
          <button
            className="jp-mod-styled jp-mod-minimal"
            title={trans.__(
              'Link this experiment to the notebook (saved in its metadata)'
            )}
            aria-label={trans.__('Link experiment to notebook')}
            onClick={() => actions.linkExperiment?.(current)}
          >
            {trans.__('Link')}
          </button>
        ) : null}
      </div>
      {current ? (
        <div className="jp-nbcraft-tracking-muted">
          {originNote[controller.experimentOrigin]}
        </div>
      ) : null}
    </div>
  );
}

function FilterBar(props: {
  controller: TrackingController;
  trans: TranslationBundle;
}): React.ReactElement {
  const { controller, trans } = props;
  const runs = controller.runs;
  const [text, setText] = useState(runs.query.filter);
  return (
    <form
      className="jp-nbcraft-tracking-filter"
      onSubmit={event => {
        event.preventDefault();
        void controller.setFilter(text);
      }}
    >
      <input
        className="jp-mod-styled"
        type="search"
        spellCheck={false}
        placeholder={trans.__(
          "Filter: metrics.rmse < 1 and params.model = 'tree'"
        )}
        aria-label={trans.__('Filter runs (MLflow search syntax)')}
        aria-invalid={Boolean(controller.runsError)}
        value={text}
        onChange={event => {
          setText(event.currentTarget.value);
        }}
      />
      {controller.runsError ? (
        <div
          className="jp-nbcraft-tracking-error jp-nbcraft-tracking-filter-error"
          role="alert"
        >
          {controller.runsError}
        </div>
      ) : null}
    </form>
  );
}

function ColumnChooser(props: {
  controller: TrackingController;
  trans: TranslationBundle;
}): React.ReactElement {
  const { controller, trans } = props;
  const shown = new Set(controller.columns.map(columnId));
  const keys = controller.keys;
  const option = (column: IColumn) => (
    <label key={columnId(column)} className="jp-nbcraft-tracking-colopt">
      <input
        type="checkbox"
        checked={shown.has(columnId(column))}
        onChange={() => {
          controller.toggleColumn(column);
        }}
      />{' '}
      {column.key}
    </label>
  );
  return (
    <details className="jp-nbcraft-tracking-columns">
      <summary>{trans.__('Columns')}</summary>
      <div className="jp-nbcraft-tracking-colmenu">
        <div className="jp-nbcraft-tracking-muted">{trans.__('Metrics')}</div>
        {keys.metrics.map(key => option({ kind: 'metric', key }))}
        <div className="jp-nbcraft-tracking-muted">
          {trans.__('Parameters')}
        </div>
        {keys.params.map(key => option({ kind: 'param', key }))}
        {keys.tags.length ? (
          <div className="jp-nbcraft-tracking-muted">{trans.__('Tags')}</div>
        ) : null}
        {keys.tags.map(key => option({ kind: 'tag', key }))}
      </div>
    </details>
  );
}
