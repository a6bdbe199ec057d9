/**
 * Where the provenance views plug into the tracking sidebar and the compare view: two
 * render functions the tracking plugin passes on, so src/tracking/ knows nothing more.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { AxiosInstance } from 'axios';
import React from 'react';

import { PIPELINE_TAG, runName, tagValue } from '../tracking/runFields';
import type { Run } from '../tracking/schemas';
import type { TrackingClient } from '../tracking/client';
import { ProvenanceApi } from './api';
import { confirmReproduce } from './confirmReproduce';
import { ProvenanceCompare } from './compareSection';
import { ProvenanceSection } from './section';

export interface IProvenanceMountOptions {
  client: AxiosInstance;
  /** the runs sidebar's MLflow client (to read a run's recorded diff) */
  tracking: TrackingClient;
  trans: TranslationBundle;
  /** the kernel of the notebook the sidebar follows, if it has one running */
  kernelId: () => string | null;
  /** select a run in the runs sidebar */
  showRun: (runId: string) => void;
}

export interface IProvenanceMount {
  /** the "Provenance" section of a run's details */
  details: (run: Run) => React.ReactElement;
  /** the provenance differences of the compared runs (nothing for one run) */
  compare: (runs: readonly Run[]) => React.ReactElement | null;
}

export function provenanceMount(
  options: IProvenanceMountOptions
): IProvenanceMount {
  const api = new ProvenanceApi(options.client);
  return {
    details: run => (
      <ProvenanceSection
        key={run.info.run_id}
        api={api}
        runId={run.info.run_id}
        trans={options.trans}
        kernelId={options.kernelId()}
        pipeline={tagValue(run, PIPELINE_TAG) ?? null}
        onShowRun={options.showRun}
        confirmReproduce={() =>
          confirmReproduce(options.tracking, run, options.trans)
        }
      />
    ),
    compare: runs => {
      const names = new Map(runs.map(r => [r.info.run_id, runName(r)]));
      return (
        <ProvenanceCompare
          api={api}
          runIds={runs.map(r => r.info.run_id)}
          label={id => names.get(id) ?? id.slice(0, 8)}
          trans={options.trans}
        />
      );
    }
  };
}
