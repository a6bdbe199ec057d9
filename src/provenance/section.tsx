/**
 * The run details' "Provenance" section: the commit, the notebook then and now, the
 * environment then and in the notebook's kernel now, the data read, and "Reproduce".
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useState } from 'react';

import type { ProvenanceApi, RunProvenance } from './api';
import {
  commitView,
  notebookDiff,
  packageRows,
  ranOtherThanSnapshot
} from './model';
import { ReproducePanel } from './reproducePanel';
import { CommitLine, InputList, NotebookDiffView, PackageTable } from './views';
import { shellWord } from '../core/shellWord';
import { errorText } from '../core/translatable';

export interface IProvenanceSectionProps {
  api: ProvenanceApi;
  runId: string;
  trans: TranslationBundle;
  /** the kernel of the notebook the sidebar follows, to compare environments with */
  kernelId: string | null;
  /**
   * the pipeline whose parent run this is (its `nbcraft.pipeline` tag): its record is the
   * chain's `pipeline.json`, not a notebook, so there is no Reproduce (the route refuses it)
   */
  pipeline?: string | null;
  onShowRun: (runId: string) => void;
  /** asks the user before Reproduce runs the record */
  confirmReproduce: () => Promise<boolean>;
}

export function ProvenanceSection(
  props: IProvenanceSectionProps
): React.ReactElement {
  const { api, runId, trans, kernelId } = props;
  const [data, setData] = useState<RunProvenance | null>(null);
  const [error, setError] = useState('');
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setError('');
    api
      .run(runId, kernelId)
      .then(result => {
        if (!cancelled) {
          setData(result);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) {
          setData(null);
          setError(errorText(e, trans));
        }
      });
    return () => {
      cancelled = true;
    };
  }, [api, runId, kernelId, revision]);

  return (
    <details
      className="jp-nbcraft-provenance"
      open
      data-status={data?.status ?? ''}
    >
      <summary>{trans.__('Provenance')}</summary>
      <div className="jp-nbcraft-provenance-toolbar">
        <button
          className="jp-mod-styled jp-mod-minimal jp-nbcraft-provenance-recheck"
          onClick={() => {
            setRevision(r => r + 1);
          }}
          title={trans.__(
            'Compare the run with the notebook, its kernel and the data files again'
          )}
        >
          {trans.__('Check again')}
        </button>
      </div>
      {error ? (
        <div className="jp-nbcraft-provenance-error" role="alert">
          {trans.__('Provenance could not be read: %1', error)}
        </div>
      ) : !data ? (
        <div className="jp-nbcraft-provenance-muted">
          {trans.__('Loading…')}
        </div>
      ) : (
        <ProvenanceBody data={data} trans={trans} />
      )}
      {props.pipeline ? (
        <div className="jp-nbcraft-provenance-reproduce">
          <div className="jp-nbcraft-provenance-muted">
            {trans.__(
              "This is the parent run of pipeline %1: it ran no notebook of its own, so it cannot be reproduced as one. Reproduce one of its steps' runs, or run the pipeline again with: %2",
              props.pipeline,
              `jupyter nbcraft run --pipeline ${shellWord(props.pipeline)}`
            )}
          </div>
        </div>
      ) : (
        <ReproducePanel
          api={api}
          runId={runId}
          trans={trans}
          onShowRun={props.onShowRun}
          confirm={props.confirmReproduce}
        />
      )}
    </details>
  );
}

function ProvenanceBody(props: {
  data: RunProvenance;
  trans: TranslationBundle;
}): React.ReactElement {
  const { data, trans } = props;
  const notice =
    data.status === 'none'
      ? trans.__('This run recorded no provenance.')
      : data.status === 'partial'
        ? trans.__('This run recorded only part of its provenance.')
        : null;
  const env = data.environment;
  const rows = env ? packageRows(env) : [];
  const nb = data.notebook;
  return (
    <div className="jp-nbcraft-provenance-body">
      {notice ? (
        <div className="jp-nbcraft-provenance-notice" data-status={data.status}>
          {notice}
          {data.note ? (
            <div className="jp-nbcraft-provenance-note">{data.note}</div>
          ) : null}
        </div>
      ) : null}
      {data.status !== 'none' ? (
        <>
          <h4>{trans.__('Code')}</h4>
          <CommitLine commit={commitView(data.git)} trans={trans} />
          <h4>{trans.__('Notebook')}</h4>
          {nb ? (
            <NotebookPart nb={nb} trans={trans} />
          ) : (
            <div className="jp-nbcraft-provenance-muted">
              {trans.__('No notebook snapshot recorded.')}
            </div>
          )}
          <h4>{trans.__('Environment')}</h4>
          {env ? (
            <div className="jp-nbcraft-provenance-env">
              <div>
                {[
                  env.python ? trans.__('Python %1', env.python) : '',
                  env.platform ?? '',
                  env.target ? trans.__('target %1', env.target) : ''
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
              {env.lockfile ? (
                <div>
                  {env.lockfile_changed
                    ? trans.__(
                        'Lock file %1 changed since the run',
                        env.lockfile
                      )
                    : trans.__('Lock file %1', env.lockfile)}
                </div>
              ) : null}
              <div
                className="jp-nbcraft-provenance-compared"
                data-compared={env.compared_with ?? ''}
              >
                {env.compared_with
                  ? trans.__('Compared with %1.', env.compared_with)
                  : trans.__(
                      'Not compared: open the run’s notebook with a running kernel to compare.'
                    )}
                {env.note ? (
                  <div className="jp-nbcraft-provenance-note">{env.note}</div>
                ) : null}
              </div>
              {env.compared_with && rows.length === 0 ? (
                <div className="jp-nbcraft-provenance-muted">
                  {trans.__('Same package versions.')}
                </div>
              ) : null}
              {rows.length ? (
                <PackageTable
                  rows={rows}
                  trans={trans}
                  runLabel={trans.__('In the run')}
                  nowLabel={trans.__('Now')}
                />
              ) : null}
            </div>
          ) : (
            <div className="jp-nbcraft-provenance-muted">
              {trans.__('No environment recorded.')}
            </div>
          )}
          <h4>{trans.__('Data')}</h4>
          {data.inputs.length ? (
            <InputList inputs={data.inputs} trans={trans} />
          ) : (
            <div className="jp-nbcraft-provenance-muted">
              {trans.__('No data files recorded.')}
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}

function NotebookPart(props: {
  nb: NonNullable<RunProvenance['notebook']>;
  trans: TranslationBundle;
}): React.ReactElement {
  const { nb, trans } = props;
  const ranOther = ranOtherThanSnapshot(nb.executed);
  return (
    <div className="jp-nbcraft-provenance-notebook">
      {nb.path ? <code>{nb.path}</code> : null}
      {ranOther ? (
        <div
          className="jp-nbcraft-provenance-executed"
          data-executed={nb.executed}
        >
          {nb.executed === 'differs'
            ? trans.__(
                '✱ The run ran code that its snapshot does not hold: a saved cell ran other code (an edit not saved, or changed after it ran; the note above names it). The snapshot is the notebook as saved; the cells the run ran are in its artifact nbcraft/history.json. Reproduce refuses the run: it cannot run what ran.'
              )
            : trans.__(
                '✱ The run also ran code that its snapshot does not hold (a cell not saved or deleted since, or code typed elsewhere; the note above names it). The cells the run ran are in its artifact nbcraft/history.json. Reproduce runs the snapshot only.'
              )}
        </div>
      ) : null}
      {nb.current_cells === null ? (
        <div className="jp-nbcraft-provenance-muted">
          {trans.__('The notebook is no longer at this path.')}
        </div>
      ) : (
        <NotebookDiffView
          diff={notebookDiff(nb.snapshot_cells, nb.current_cells)}
          trans={trans}
          sameText={
            ranOther
              ? trans.__('The notebook file is the same as the run’s snapshot.')
              : trans.__('The notebook is the same as in the run.')
          }
        />
      )}
    </div>
  );
}
