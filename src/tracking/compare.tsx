import { ReactWidget } from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useState } from 'react';

import { MetricChart, seriesColor, type XAxis } from './chart';
import { seriesStamp, type TrackingClient } from './client';
import { formatNumber } from './format';
import {
  firstChartedMetrics,
  prefetchCompare,
  runsWithMetric
} from './prefetch';
import { knownKeys, metricValue, paramDifferences, runName } from './runFields';
import type { Run } from './schemas';
import { errorText } from '../core/translatable';

export interface ICompareOptions {
  client: TrackingClient;
  runIds: string[];
  /** Draw only this metric at first (the "chart" action of one metric). */
  focusMetric?: string;
  /** Runs the sidebar already has: drawn at once, then read again from the server. */
  initialRuns?: Run[];
  trans: TranslationBundle;
  /** the provenance differences of the runs (src/provenance/) */
  provenance?: (runs: readonly Run[]) => React.ReactNode;
}

/**
 * The compare view in the main area: the runs' params side by side with the
 * differences highlighted, their latest metrics, and overlaid metric charts.
 * With one run it is that run's chart view.
 */
export class CompareView extends ReactWidget {
  constructor(readonly options: ICompareOptions) {
    super();
    this.addClass('jp-nbcraft-tracking-compare');
    this.revision = 0;
    // Ask for the charts' data and library now, not once the widget has been laid out
    // and rendered (~100 ms later in a busy JupyterLab).
    prefetchCompare(
      options.client,
      options.runIds,
      options.initialRuns ?? [],
      options.focusMetric
    );
  }

  revision: number;

  /** Re-read the runs and histories (the toolbar's refresh). */
  reload(): void {
    this.options.client.clearHistoryCache();
    this.revision++;
    this.update();
  }

  protected render(): React.ReactElement {
    return <CompareBody {...this.options} revision={this.revision} />;
  }
}

function CompareBody(
  props: ICompareOptions & { revision: number }
): React.ReactElement {
  const { client, runIds, trans, revision } = props;
  const known = props.initialRuns ?? [];
  const [runs, setRuns] = useState<Run[] | null>(() => {
    const found = runIds.map(id => known.find(r => r.info.run_id === id));
    return found.every(r => r !== undefined) ? found : null;
  });
  const [error, setError] = useState('');
  const [xAxis, setXAxis] = useState<XAxis>('step');
  const [log, setLog] = useState(false);
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const [shown, setShown] = useState<string[] | null>(
    props.focusMetric ? [props.focusMetric] : null
  );

  useEffect(() => {
    // Aborted when the view is closed (or reloaded): nothing it asked is read after it.
    const asked = new AbortController();
    Promise.all(runIds.map(id => client.getRun(id, asked.signal)))
      .then(result => {
        if (!asked.signal.aborted) {
          setRuns(result);
          setError('');
        }
      })
      .catch((e: unknown) => {
        if (!asked.signal.aborted) {
          setError(errorText(e, trans));
        }
      });
    return () => {
      asked.abort();
    };
  }, [client, runIds.join(','), revision]);

  if (error) {
    return <div className="jp-nbcraft-tracking-error">{error}</div>;
  }
  if (!runs) {
    return (
      <div className="jp-nbcraft-tracking-muted">
        {trans.__('Loading runs…')}
      </div>
    );
  }
  const labels: Record<string, string> = {};
  runs.forEach(r => (labels[r.info.run_id] = runName(r)));
  const metrics = knownKeys(runs).metrics;
  const charted = shown ?? firstChartedMetrics(runs);
  const params = paramDifferences(runs).filter(
    row => !onlyDiffs || row.differs
  );

  return (
    <div className="jp-nbcraft-tracking-compare-body">
      <div className="jp-nbcraft-tracking-toolbar">
        <label>
          {trans.__('X axis')}{' '}
          <select
            value={xAxis}
            aria-label={trans.__('X axis')}
            onChange={e => {
              setXAxis(e.currentTarget.value as XAxis);
            }}
          >
            <option value="step">{trans.__('Step')}</option>
            <option value="time">{trans.__('Time')}</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={log}
            onChange={e => {
              setLog(e.currentTarget.checked);
            }}
          />{' '}
          {trans.__('Log scale')}
        </label>
        {runs.length > 1 ? (
          <label>
            <input
              type="checkbox"
              checked={onlyDiffs}
              onChange={e => {
                setOnlyDiffs(e.currentTarget.checked);
              }}
            />{' '}
            {trans.__('Only differing params')}
          </label>
        ) : null}
      </div>
      <table className="jp-nbcraft-tracking-kv jp-nbcraft-tracking-compare-table">
        <thead>
          <tr>
            <th>{trans.__('Run')}</th>
            {runs.map((r, i) => (
              <th key={r.info.run_id} title={r.info.run_id}>
                <span
                  className="jp-nbcraft-tracking-swatch"
                  style={{ background: seriesColor(i) }}
                />
                {runName(r)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="jp-nbcraft-tracking-section">
            <th colSpan={runs.length + 1}>{trans.__('Parameters')}</th>
          </tr>
          {params.map(row => (
            <tr
              key={'p:' + row.key}
              className={row.differs ? 'jp-nbcraft-tracking-diff' : undefined}
              data-param={row.key}
            >
              <th>{row.key}</th>
              {row.values.map((v, i) => (
                <td key={i}>{v ?? '—'}</td>
              ))}
            </tr>
          ))}
          <tr className="jp-nbcraft-tracking-section">
            <th colSpan={runs.length + 1}>{trans.__('Metrics (latest)')}</th>
          </tr>
          {metrics.map(key => (
            <tr key={'m:' + key}>
              <th>
                <label>
                  <input
                    type="checkbox"
                    checked={charted.includes(key)}
                    aria-label={trans.__('Chart %1', key)}
                    onChange={() => {
                      setShown(
                        charted.includes(key)
                          ? charted.filter(k => k !== key)
                          : [...charted, key]
                      );
                    }}
                  />{' '}
                  {key}
                </label>
              </th>
              {runs.map(r => (
                <td key={r.info.run_id} className="jp-nbcraft-tracking-num">
                  {formatNumber(metricValue(r, key))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.provenance?.(runs)}
      <div className="jp-nbcraft-tracking-charts">
        {charted.map(key => {
          const chartRuns = runsWithMetric(runs, key);
          return (
            <MetricChart
              key={key}
              client={client}
              metricKey={key}
              runIds={chartRuns.map(r => r.info.run_id)}
              runLabels={labels}
              xAxis={xAxis}
              log={log}
              trans={trans}
              revision={revision}
              stamp={seriesStamp(chartRuns, key)}
            />
          );
        })}
      </div>
    </div>
  );
}
