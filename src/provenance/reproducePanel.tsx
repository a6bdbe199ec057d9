/**
 * The "Reproduce" button of a run's details: starts a reproduction on the server, follows
 * it, and shows the outcome with the metric table and a link to the new run.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef, useState } from 'react';

import type { ProvenanceApi, ReproductionState } from './api';
import { failedInputs, metricRows } from './model';
import { ReproductionWatch, type ReproductionPhase } from './reproduction';

export function ReproducePanel(props: {
  api: ProvenanceApi;
  runId: string;
  trans: TranslationBundle;
  onShowRun: (runId: string) => void;
  /** asks the user before a record runs as code here (whose run, its diff, the target) */
  confirm: () => Promise<boolean>;
}): React.ReactElement {
  const { api, runId, trans } = props;
  const [state, setState] = useState<ReproductionPhase>({ phase: 'idle' });
  const watch = useRef<ReproductionWatch | null>(null);
  useEffect(() => {
    setState({ phase: 'idle' });
    return () => {
      watch.current?.dispose();
      watch.current = null;
    };
  }, [runId]);
  const busy = state.phase === 'starting' || state.phase === 'running';
  const start = async () => {
    if (!(await props.confirm())) {
      return;
    }
    watch.current?.dispose();
    const current = new ReproductionWatch({ routes: api, onChange: setState });
    watch.current = current;
    void current.start(runId);
  };
  const outcome: Record<ReproductionState, string> = {
    running: trans.__('Running…'),
    reproduced: trans.__('Reproduced: every metric is within tolerance.'),
    'not-reproduced': trans.__('Not reproduced.'),
    cannot: trans.__('Cannot reproduce this run.')
  };
  return (
    <div className="jp-nbcraft-provenance-reproduce">
      <button
        className="jp-mod-styled jp-mod-accept jp-nbcraft-provenance-reproduce-btn"
        disabled={busy}
        onClick={() => void start()}
        title={trans.__(
          'Re-run the notebook from the recorded commit, notebook and data, and compare the metrics'
        )}
      >
        {busy ? trans.__('Reproducing…') : trans.__('Reproduce')}
      </button>
      <div
        className="jp-nbcraft-provenance-reproduce-state"
        aria-live="polite"
        data-phase={state.phase}
        data-status={state.phase === 'done' ? state.result.status : ''}
      >
        {state.phase === 'starting' ? trans.__('Starting…') : null}
        {state.phase === 'running'
          ? (state.latest?.message ?? outcome.running)
          : null}
        {state.phase === 'done' ? (
          <>
            <strong>{outcome[state.result.status]}</strong>
            {state.result.message ? (
              <div className="jp-nbcraft-provenance-message">
                {state.result.message}
              </div>
            ) : null}
          </>
        ) : null}
      </div>
      {state.phase === 'error' ? (
        <div className="jp-nbcraft-provenance-error" role="alert">
          {trans.__('Reproduce failed: %1', state.message)}
        </div>
      ) : null}
      {state.phase === 'done' ? (
        <ReproductionResult
          state={state}
          trans={trans}
          onShowRun={props.onShowRun}
        />
      ) : null}
    </div>
  );
}

function ReproductionResult(props: {
  state: Extract<ReproductionPhase, { phase: 'done' }>;
  trans: TranslationBundle;
  onShowRun: (runId: string) => void;
}): React.ReactElement {
  const { trans } = props;
  const result = props.state.result;
  const rows = metricRows(result);
  const inputs = failedInputs(result);
  const newRun = result.new_run_id;
  return (
    <div className="jp-nbcraft-provenance-result">
      {result.notes.map((note, i) => (
        <div key={i} className="jp-nbcraft-provenance-note">
          {note}
        </div>
      ))}
      {inputs.length ? (
        <ul className="jp-nbcraft-provenance-failed-inputs">
          {inputs.map(input => (
            <li key={input.path} data-input={input.path}>
              {trans.__(
                '%1: %2',
                input.path,
                input.reason ?? trans.__('changed')
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {rows.length ? (
        <table className="jp-nbcraft-provenance-table jp-nbcraft-provenance-metrics">
          <thead>
            <tr>
              <th>{trans.__('Metric')}</th>
              <th>{trans.__('Original')}</th>
              <th>{trans.__('Reproduced')}</th>
              <th>{trans.__('Relative difference')}</th>
              <th>{trans.__('Within tolerance')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(row => (
              <tr key={row.key} data-metric={row.key} data-ok={String(row.ok)}>
                <th>{row.key}</th>
                <td className="jp-nbcraft-provenance-num">{row.original}</td>
                <td className="jp-nbcraft-provenance-num">{row.reproduced}</td>
                <td className="jp-nbcraft-provenance-num">{row.relDiff}</td>
                <td className={`jp-mod-${row.ok === false ? 'bad' : 'ok'}`}>
                  {row.ok === true
                    ? trans.__('✓ yes')
                    : row.ok === false
                      ? trans.__('✗ no')
                      : trans.__('not compared')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {newRun ? (
        <button
          className="jp-nbcraft-provenance-linkbtn jp-nbcraft-provenance-newrun"
          onClick={() => {
            props.onShowRun(newRun);
          }}
        >
          {trans.__('Show the new run %1', newRun.slice(0, 8))}
        </button>
      ) : null}
    </div>
  );
}
