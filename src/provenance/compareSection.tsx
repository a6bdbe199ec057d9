/**
 * The compare view's provenance part: between the first run and each other one, the
 * commits, the notebook snapshots, the environments and the data files read.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useState } from 'react';

import type { ProvenanceApi, ProvenanceComparison } from './api';
import { commitView, notebookDiff, packageRows, ranOtherCode } from './model';
import { CommitLine, NotebookDiffView, PackageTable } from './views';
import { errorText } from '../core/translatable';

export function ProvenanceCompare(props: {
  api: ProvenanceApi;
  runIds: readonly string[];
  /** a run's label (its name) */
  label: (runId: string) => string;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { runIds, trans } = props;
  if (runIds.length < 2) {
    return null;
  }
  const [first, ...others] = runIds;
  return (
    <details
      className="jp-nbcraft-provenance jp-nbcraft-provenance-compare"
      open
    >
      <summary>{trans.__('Provenance')}</summary>
      {others.map(other => (
        <PairView
          key={other}
          api={props.api}
          a={first}
          b={other}
          label={props.label}
          trans={trans}
        />
      ))}
    </details>
  );
}

function PairView(props: {
  api: ProvenanceApi;
  a: string;
  b: string;
  label: (runId: string) => string;
  trans: TranslationBundle;
}): React.ReactElement {
  const { api, a, b, trans } = props;
  const [data, setData] = useState<ProvenanceComparison | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let cancelled = false;
    api
      .compare(a, b)
      .then(result => {
        if (!cancelled) {
          setData(result);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) {
          setError(errorText(e, trans));
        }
      });
    return () => {
      cancelled = true;
    };
  }, [api, a, b]);
  const la = props.label(a);
  const lb = props.label(b);
  return (
    <section className="jp-nbcraft-provenance-pair" data-a={a} data-b={b}>
      <h4>{trans.__('%1 → %2', la, lb)}</h4>
      {error ? (
        <div className="jp-nbcraft-provenance-error" role="alert">
          {trans.__('Provenance could not be compared: %1', error)}
        </div>
      ) : !data ? (
        <div className="jp-nbcraft-provenance-muted">
          {trans.__('Loading…')}
        </div>
      ) : (
        <PairBody data={data} la={la} lb={lb} trans={trans} />
      )}
    </section>
  );
}

function PairBody(props: {
  data: ProvenanceComparison;
  la: string;
  lb: string;
  trans: TranslationBundle;
}): React.ReactElement {
  const { data, la, lb, trans } = props;
  const rows = packageRows(data.environment);
  const inputs = data.inputs;
  const ranOther = ranOtherCode(data.notebook);
  return (
    <div className="jp-nbcraft-provenance-body">
      <h5>{trans.__('Code')}</h5>
      <div data-same={String(data.git.same)}>
        {data.git.same
          ? trans.__('Same commit.')
          : trans.__('Different commits:')}
      </div>
      {!data.git.same ? (
        <dl className="jp-nbcraft-provenance-commits">
          <dt>{la}</dt>
          <dd>
            <CommitLine commit={commitView(data.git.a)} trans={trans} />
          </dd>
          <dt>{lb}</dt>
          <dd>
            <CommitLine commit={commitView(data.git.b)} trans={trans} />
          </dd>
        </dl>
      ) : null}
      <h5>{trans.__('Notebook')}</h5>
      {ranOther.map(({ side, note }) => (
        <div
          key={side}
          className="jp-nbcraft-provenance-executed"
          data-executed-side={side}
        >
          {trans.__(
            '✱ %1 ran code that its notebook snapshot does not hold',
            side === 'a' ? la : lb
          )}
          {note ? `: ${note}` : '.'}
        </div>
      ))}
      <NotebookDiffView
        diff={notebookDiff(data.notebook.a_cells, data.notebook.b_cells)}
        trans={trans}
        sameText={
          ranOther.length
            ? trans.__(
                'The two runs have the same notebook snapshot, but the snapshot is not all that ran.'
              )
            : data.notebook.executed_same === false
              ? trans.__(
                  'The two runs have the same notebook snapshot, but did not run the same cells of it (one ran cells the other did not).'
                )
              : trans.__('The two runs ran the same notebook.')
        }
      />
      <h5>{trans.__('Environment')}</h5>
      {rows.length ? (
        <PackageTable rows={rows} trans={trans} runLabel={la} nowLabel={lb} />
      ) : (
        <div className="jp-nbcraft-provenance-muted">
          {trans.__('Same package versions.')}
        </div>
      )}
      <h5>{trans.__('Data')}</h5>
      {inputs.length ? (
        <table className="jp-nbcraft-provenance-table jp-nbcraft-provenance-inputs">
          <thead>
            <tr>
              <th>{trans.__('File')}</th>
              <th>{la}</th>
              <th>{lb}</th>
              <th>{trans.__('Same data')}</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map(input => (
              <tr key={input.path} data-input={input.path}>
                <th>{input.path}</th>
                <td>
                  <code>{shortDigest(input.a) ?? trans.__('not read')}</code>
                </td>
                <td>
                  <code>{shortDigest(input.b) ?? trans.__('not read')}</code>
                </td>
                <td data-same={String(input.same)}>
                  {input.same === true
                    ? trans.__('same')
                    : input.same === false
                      ? trans.__('✱ different')
                      : trans.__('unknown')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="jp-nbcraft-provenance-muted">
          {trans.__('No data files recorded.')}
        </div>
      )}
    </div>
  );
}

function shortDigest(digest: string | null): string | null {
  return digest ? digest.slice(0, 12) : null;
}
