import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef, useState } from 'react';

import { TrackingClient } from './client';
import type { IMetricSummary } from './downsample';
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatTime,
  keyPieces,
  runDuration
} from './format';
import { loadChartLibrary } from './chart';
import { CHART_POINTS } from './downsample';
import {
  csvHead,
  hasModel,
  longMetricKeys,
  previewKind,
  runName
} from './runFields';
import { RunStatusIcon, statusLabel } from './runStatus';
import type { ArtifactFile, LoggedModelInfo, Run } from './schemas';
import { errorText } from '../core/translatable';

export interface IRunActions {
  copyRunId: (run: Run) => void;
  openInMlflow: ((run: Run) => void) | null;
  insertModelSnippet: ((run: Run) => void) | null;
  chartMetric: (run: Run, key: string) => void;
  /** the Provenance section (src/provenance/), when the server records provenance */
  provenanceSection?: (run: Run) => React.ReactNode;
}

export interface IRunDetailsProps {
  client: TrackingClient;
  run: Run;
  trans: TranslationBundle;
  actions: IRunActions;
  onBack: () => void;
  now: number;
}

/** Params, metrics (latest, min, max), tags and artifacts of one run, with actions. */
export function RunDetails(props: IRunDetailsProps): React.ReactElement {
  const { run, trans, actions, client } = props;
  const info = run.info;
  const userTags = run.data.tags.filter(t => !t.key.startsWith('mlflow.'));
  const systemTags = run.data.tags.filter(t => t.key.startsWith('mlflow.'));
  return (
    <div className="jp-nbcraft-tracking-details" data-run-id={info.run_id}>
      <div className="jp-nbcraft-tracking-toolbar">
        <button
          className="jp-mod-styled jp-mod-minimal"
          onClick={props.onBack}
          title={trans.__('Back to the runs')}
          // Opened from the keyboard, the details take the focus where the row had it.
          autoFocus
        >
          ← {trans.__('Runs')}
        </button>
      </div>
      <div className="jp-nbcraft-tracking-titlerow">
        <RunStatusIcon status={info.status} trans={trans} />
        <h3 className="jp-nbcraft-tracking-title">{runName(run)}</h3>
      </div>
      <div className="jp-nbcraft-tracking-muted">
        {statusLabel(info.status, trans)} · {formatTime(info.start_time)} ·{' '}
        {formatDuration(runDuration(info.start_time, info.end_time, props.now))}
      </div>
      <div className="jp-nbcraft-tracking-muted jp-nbcraft-tracking-runid">
        {info.run_id}
      </div>
      <div className="jp-nbcraft-tracking-actions">
        <button
          className="jp-mod-styled"
          onClick={() => {
            actions.copyRunId(run);
          }}
        >
          {trans.__('Copy run id')}
        </button>
        {actions.openInMlflow ? (
          <button
            className="jp-mod-styled"
            onClick={() => actions.openInMlflow?.(run)}
          >
            {trans.__('Open in MLflow')}
          </button>
        ) : null}
        {actions.insertModelSnippet && hasModel(run) ? (
          <button
            className="jp-mod-styled"
            onClick={() => actions.insertModelSnippet?.(run)}
            title={trans.__(
              'Insert a cell below the active one that loads this run’s model'
            )}
          >
            {trans.__('Insert model snippet')}
          </button>
        ) : null}
      </div>
      <Section title={trans.__('Metrics')} count={run.data.metrics.length}>
        <MetricsTable
          client={client}
          run={run}
          trans={trans}
          onChart={key => {
            actions.chartMetric(run, key);
          }}
        />
      </Section>
      <Section title={trans.__('Parameters')} count={run.data.params.length}>
        <KeyValues rows={run.data.params} />
      </Section>
      <Section title={trans.__('Tags')} count={userTags.length}>
        <KeyValues rows={userTags} />
        {systemTags.length ? (
          <details>
            <summary>{trans.__('MLflow tags (%1)', systemTags.length)}</summary>
            <KeyValues rows={systemTags} />
          </details>
        ) : null}
      </Section>
      {hasModel(run) && run.outputs?.model_outputs?.length ? (
        <Section
          title={trans.__('Models')}
          count={run.outputs.model_outputs.length}
        >
          <ModelList
            client={client}
            modelIds={run.outputs.model_outputs.map(m => m.model_id)}
            trans={trans}
          />
        </Section>
      ) : null}
      {actions.provenanceSection?.(run)}
      <Section title={trans.__('Artifacts')}>
        <ArtifactTree client={client} run={run} path="" trans={trans} />
      </Section>
    </div>
  );
}

/** The run's MLflow 3 LoggedModels: name, status and id (the artifacts live with the model). */
function ModelList(props: {
  client: TrackingClient;
  modelIds: string[];
  trans: TranslationBundle;
}): React.ReactElement {
  const { client, modelIds, trans } = props;
  const [models, setModels] = useState<Record<string, LoggedModelInfo>>({});
  const key = modelIds.join(',');
  useEffect(() => {
    // Aborted when the details go (the sidebar disposed, another run shown).
    const asked = new AbortController();
    for (const id of modelIds) {
      client
        .getLoggedModel(id, asked.signal)
        .then(info => {
          if (!asked.signal.aborted) {
            setModels(m => ({ ...m, [id]: info }));
          }
        })
        .catch(() => undefined); // the id alone is still worth showing
    }
    return () => {
      asked.abort();
    };
  }, [client, key]);
  return (
    <ul className="jp-nbcraft-tracking-models">
      {modelIds.map(id => {
        const info = id in models ? models[id] : undefined;
        const status = info?.status.replace(/^LOGGED_MODEL_/, '').toLowerCase();
        return (
          <li key={id} data-model-id={id} data-status={status ?? ''}>
            <span className="jp-nbcraft-tracking-modelname">
              {info?.name ?? trans.__('model')}
            </span>{' '}
            {status ? (
              <span className="jp-nbcraft-tracking-muted">{status} </span>
            ) : null}
            <code className="jp-nbcraft-tracking-muted">{`models:/${id}`}</code>
          </li>
        );
      })}
    </ul>
  );
}

function Section(props: {
  title: string;
  count?: number;
  children: React.ReactNode;
}): React.ReactElement {
  return (
    <details className="jp-nbcraft-tracking-sectionbox" open>
      <summary>
        {props.title}
        {props.count !== undefined ? (
          <span className="jp-nbcraft-tracking-muted"> ({props.count})</span>
        ) : null}
      </summary>
      {props.children}
    </details>
  );
}

/** Values longer than this scroll in a box of their own (a model's JSON history tag). */
const LONG_VALUE = 400;

/**
 * Params and tags, each shown whole: keys and values wrap rather than being cut off (a
 * tooltip alone is out of reach of the keyboard); a very long value scrolls in a box that
 * takes the focus, so the keyboard can scroll it too.
 */
function KeyValues(props: {
  rows: readonly { key: string; value: string }[];
}): React.ReactElement {
  return (
    <table className="jp-nbcraft-tracking-kv jp-nbcraft-tracking-kv-whole">
      <tbody>
        {props.rows.map(row => (
          <tr key={row.key}>
            <th scope="row">
              {keyPieces(row.key).map((piece, i) => (
                <React.Fragment key={i}>
                  {i > 0 && <wbr />}
                  {piece}
                </React.Fragment>
              ))}
            </th>
            <td>
              {row.value.length > LONG_VALUE ? (
                <div
                  className="jp-nbcraft-tracking-kv-long"
                  tabIndex={0}
                  role="region"
                  aria-label={row.key}
                >
                  {row.value}
                </div>
              ) : (
                row.value
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Metrics with latest, min and max; min and max come from the history, read lazily. */
function MetricsTable(props: {
  client: TrackingClient;
  run: Run;
  trans: TranslationBundle;
  onChart: (key: string) => void;
}): React.ReactElement {
  const { client, run, trans } = props;
  const [summaries, setSummaries] = useState<
    Record<string, (IMetricSummary & { truncated: boolean }) | null>
  >({});
  const keys = run.data.metrics
    .map(m => m.key)
    .sort((a, b) => a.localeCompare(b));
  const stamp = run.data.metrics.map(m => `${m.key}@${m.step}`).join(',');
  const prefetchedRun = useRef('');
  useEffect(() => {
    const asked = new AbortController();
    setSummaries({});
    // When the run is selected, its long histories' charts (and the chart library) are
    // asked for at once, so a chart opened from here is ready or on the way (the same
    // stamp makes the chart reuse this request). The full histories for min/max wait for
    // them: on a long history they cost the server seconds and would slow those answers.
    // Not again on live refresh (a running run changes `stamp` at every poll): an open
    // chart asks for its own new data.
    const selected = prefetchedRun.current !== run.info.run_id;
    prefetchedRun.current = run.info.run_id;
    if (selected) {
      void loadChartLibrary().catch(() => undefined);
    }
    const prefetched = Promise.all(
      (selected ? longMetricKeys(run, CHART_POINTS) : []).map(key =>
        client.prefetchChartSeries([run], key)
      )
    );
    // At most 4 at a time, the first 30 metrics: a run with hundreds of metrics stays cheap.
    const queue = keys.slice(0, 30);
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const current = key;
        const summary = await client
          .metricSummary(run.info.run_id, current, asked.signal)
          .catch(() => null);
        if (asked.signal.aborted) {
          return;
        }
        setSummaries(s => ({ ...s, [current]: summary }));
      }
    };
    void prefetched.then(() =>
      asked.signal.aborted
        ? undefined
        : Promise.all([worker(), worker(), worker(), worker()])
    );
    return () => {
      asked.abort();
    };
  }, [client, run.info.run_id, stamp]);
  return (
    <table className="jp-nbcraft-tracking-kv jp-nbcraft-tracking-metrics">
      <thead>
        <tr>
          <th>{trans.__('Metric')}</th>
          <th>{trans.__('Latest')}</th>
          <th>{trans.__('Min')}</th>
          <th>{trans.__('Max')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map(key => {
          const latest = run.data.metrics.find(m => m.key === key)?.value;
          const summary = summaries[key];
          const pending = !(key in summaries);
          return (
            <tr key={key} data-metric={key}>
              <th>
                <button
                  className="jp-nbcraft-tracking-linkbtn jp-nbcraft-tracking-chartbtn"
                  title={trans.__('Chart %1', key)}
                  onClick={() => {
                    props.onChart(key);
                  }}
                >
                  {key}
                </button>
              </th>
              <td className="jp-nbcraft-tracking-num">
                {formatNumber(latest)}
              </td>
              <td className="jp-nbcraft-tracking-num" data-stat="min">
                {pending ? '…' : formatNumber(summary?.min)}
              </td>
              <td className="jp-nbcraft-tracking-num" data-stat="max">
                {pending ? '…' : formatNumber(summary?.max)}
                {summary?.truncated ? '*' : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One folder of the artifacts tree; sub-folders are listed when opened. */
function ArtifactTree(props: {
  client: TrackingClient;
  run: Run;
  path: string;
  trans: TranslationBundle;
}): React.ReactElement {
  const { client, run, path, trans } = props;
  const [files, setFiles] = useState<ArtifactFile[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<Record<string, boolean>>({});
  useEffect(() => {
    const asked = new AbortController();
    client
      .listArtifacts(run.info.run_id, path, asked.signal)
      .then(result => {
        if (!asked.signal.aborted) {
          setFiles(result);
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
  }, [client, run.info.run_id, path]);
  if (error) {
    return <div className="jp-nbcraft-tracking-error">{error}</div>;
  }
  if (!files) {
    return (
      <div className="jp-nbcraft-tracking-muted">{trans.__('Loading…')}</div>
    );
  }
  if (files.length === 0 && !path) {
    return (
      <div className="jp-nbcraft-tracking-muted">
        {trans.__('No artifacts.')}
      </div>
    );
  }
  return (
    <ul className="jp-nbcraft-tracking-tree">
      {files.map(file => {
        const name = file.path.split('/').pop() ?? file.path;
        const isOpen = open[file.path] ?? false;
        return (
          <li key={file.path} data-artifact={file.path}>
            <button
              className="jp-nbcraft-tracking-treeitem"
              aria-expanded={isOpen}
              onClick={() => {
                setOpen(o => ({ ...o, [file.path]: !isOpen }));
              }}
            >
              <span className="jp-nbcraft-tracking-treemark">
                {file.is_dir ? (isOpen ? '▾' : '▸') : '·'}
              </span>
              {name}
              {!file.is_dir ? (
                <span className="jp-nbcraft-tracking-muted">
                  {' '}
                  {formatBytes(file.file_size)}
                </span>
              ) : null}
            </button>
            {isOpen ? (
              file.is_dir ? (
                <ArtifactTree
                  client={client}
                  run={run}
                  path={file.path}
                  trans={trans}
                />
              ) : (
                <ArtifactPreview
                  client={client}
                  run={run}
                  file={file}
                  trans={trans}
                />
              )
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Size-capped previews: images, text, pretty JSON, CSV heads. */
export function ArtifactPreview(props: {
  client: TrackingClient;
  run: Run;
  file: ArtifactFile;
  trans: TranslationBundle;
}): React.ReactElement {
  const { client, run, file, trans } = props;
  const kind = previewKind(file.path);
  const download = TrackingClient.artifactDownloadPath(
    run.info.artifact_uri,
    file.path
  );
  const [content, setContent] = useState<{
    text?: string;
    url?: string;
    truncated?: boolean;
  } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (kind === 'none' || !download) {
      return;
    }
    const asked = new AbortController();
    let url: string | undefined;
    const load =
      kind === 'image'
        ? client
            .artifactBlob(download, file.file_size, asked.signal)
            .then(blob => {
              if (asked.signal.aborted) {
                // Cleaned up while the blob settled: no URL that nothing would revoke.
                return {};
              }
              url = URL.createObjectURL(blob);
              return { url };
            })
        : client.artifactText(download, file.file_size, asked.signal);
    load
      .then(result => {
        if (!asked.signal.aborted) {
          setContent(result);
        }
      })
      .catch((e: unknown) => {
        if (!asked.signal.aborted) {
          setError(errorText(e, trans));
        }
      });
    return () => {
      asked.abort();
      if (url) {
        URL.revokeObjectURL(url);
      }
    };
  }, [client, download, kind, file.file_size]);

  if (kind === 'none') {
    return (
      <div className="jp-nbcraft-tracking-muted">
        {trans.__('No preview for this file type.')}
      </div>
    );
  }
  if (!download) {
    return (
      <div className="jp-nbcraft-tracking-muted">
        {trans.__(
          'This tracking server does not serve artifacts for preview; open the run in MLflow.'
        )}
      </div>
    );
  }
  if (error) {
    return <div className="jp-nbcraft-tracking-error">{error}</div>;
  }
  if (!content) {
    return (
      <div className="jp-nbcraft-tracking-muted">{trans.__('Loading…')}</div>
    );
  }
  const note = content.truncated ? (
    <div className="jp-nbcraft-tracking-muted">
      {trans.__(
        'Showing the first %1 only.',
        formatBytes(content.text?.length)
      )}
    </div>
  ) : null;
  if (kind === 'image' && content.url) {
    return (
      <img
        className="jp-nbcraft-tracking-preview-image"
        src={content.url}
        alt={file.path}
      />
    );
  }
  const text = content.text ?? '';
  if (kind === 'csv') {
    const rows = csvHead(text, 21);
    return (
      <div className="jp-nbcraft-tracking-preview">
        <table className="jp-nbcraft-tracking-kv jp-nbcraft-tracking-csv">
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  i === 0 ? <th key={j}>{cell}</th> : <td key={j}>{cell}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="jp-nbcraft-tracking-muted">
          {trans._n(
            'First %1 row.',
            'First %1 rows.',
            Math.max(rows.length - 1, 0)
          )}
        </div>
      </div>
    );
  }
  let shown = text;
  if (kind === 'json' && !content.truncated) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      shown = text;
    }
  }
  return (
    <div className="jp-nbcraft-tracking-preview">
      <pre>{shown}</pre>
      {note}
    </div>
  );
}
