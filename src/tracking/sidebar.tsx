import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import React, { useEffect, useRef, useState } from 'react';

import type { TrackingController } from './controller';
import { columnId, nextSort, type IColumn } from './query';
import { RunDetails, type IRunActions } from './runDetails';
import { RunsTable } from './runsTable';

export interface ISidebarActions extends IRunActions {
  compare: (runIds: string[]) => void;
  linkExperiment: ((experimentId: string) => void) | null;
}

/**
 * The tracking sidebar: experiment picker, filter, column chooser, the runs table
 * (or one run's details) for the notebook the user is working in.
 */
export class TrackingSidebar extends ReactWidget {
  constructor(
    readonly controller: TrackingController,
    readonly trans: TranslationBundle,
    readonly actions: ISidebarActions
  ) {
    super();
    this.id = 'nbcraft-tracking-sidebar';
    this.addClass('jp-nbcraft-tracking');
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.controller.shown();
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this.controller.changed}>
        {() => (
          <SidebarBody
            controller={this.controller}
            trans={this.trans}
            actions={this.actions}
          />
        )}
      </UseSignal>
    );
  }
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
  return (
    <div className="jp-nbcraft-tracking-body-wrap">
      <div className="jp-nbcraft-tracking-head">
        <span className="jp-nbcraft-tracking-heading">
          {trans.__('MLflow runs')}
        </span>
        <span
          className={
            'jp-nbcraft-tracking-dot ' +
            (status?.reachable && status.state === 'ready'
              ? 'jp-mod-ok'
              : 'jp-mod-bad')
          }
          title={
            status
              ? `${status.kind ?? ''} ${status.uri ?? ''} ${status.state} ${status.version ?? ''}`.trim()
              : trans.__('Tracking server status unknown')
          }
        />
        <span className="jp-nbcraft-tracking-spacer" />
        <button
          className="jp-mod-styled jp-mod-minimal jp-nbcraft-tracking-refresh"
          title={trans.__('Refresh')}
          aria-label={trans.__('Refresh')}
          onClick={() => void controller.refresh()}
        >
          ⟳
        </button>
      </div>
      {status &&
      (!status.reachable || status.state !== 'ready') &&
      status.message ? (
        <div className="jp-nbcraft-tracking-error">
          {status.message}
          {status.hint ? (
            <div className="jp-nbcraft-tracking-muted">{status.hint}</div>
          ) : null}
        </div>
      ) : null}
      {controller.statusError ? (
        <div className="jp-nbcraft-tracking-error">
          {controller.statusError}
        </div>
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
        aria-invalid={Boolean(runs.error)}
        value={text}
        onChange={event => {
          setText(event.currentTarget.value);
        }}
      />
      {runs.error ? (
        <div
          className="jp-nbcraft-tracking-error jp-nbcraft-tracking-filter-error"
          role="alert"
        >
          {runs.error}
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
