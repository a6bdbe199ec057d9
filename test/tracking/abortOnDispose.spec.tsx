/**
 * What a widget asked the tracking server for is aborted when the widget is disposed: run
 * details (logged models, metric histories for min/max, artifact listings and previews),
 * the compare view's runs, and the controller's status and single reads. The requests go
 * through a real TrackingClient over an axios adapter that holds each request open until
 * its signal aborts (as the browser's XHR adapter does) and records it.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import axios, { CanceledError, type AxiosAdapter } from 'axios';
import React, { act } from 'react';

import { TrackingClient } from '../../src/tracking/client';
import { CompareView } from '../../src/tracking/compare';
import { TrackingController } from '../../src/tracking/controller';
import { ArtifactPreview, RunDetails } from '../../src/tracking/runDetails';
import { RunSchema } from '../../src/tracking/schemas';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const trans = nullTranslator.load('nbcraft');

/** Requests held open until aborted: url and signal of each. */
function heldClient() {
  const asked: { url: string; signal?: AbortSignal }[] = [];
  const adapter: AxiosAdapter = config =>
    new Promise((_, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      asked.push({ url: config.url ?? '', signal });
      signal?.addEventListener('abort', () => {
        reject(new CanceledError(undefined, undefined, config));
      });
    });
  const client = new TrackingClient(axios.create({ adapter }));
  const open = (part: string) =>
    asked.filter(r => r.url.includes(part) && !r.signal?.aborted);
  const made = (part: string) => asked.filter(r => r.url.includes(part));
  return { client, asked, open, made };
}

const run = RunSchema.parse({
  info: {
    run_id: 'r1',
    experiment_id: '1',
    status: 'RUNNING',
    run_name: 'train',
    start_time: 1,
    artifact_uri: 'mlflow-artifacts:/1/r1/artifacts'
  },
  data: {
    metrics: [
      { key: 'loss', value: 0.5, step: 3, timestamp: 1 },
      { key: 'acc', value: 0.9, step: 3, timestamp: 1 }
    ]
  },
  outputs: { model_outputs: [{ model_id: 'm-1', step: 0 }] }
});

async function settle() {
  await act(async () => {
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

describe('requests a widget started are aborted when it is disposed', () => {
  it('run details: logged models, metric histories and the artifact listing', async () => {
    const { client, open, made } = heldClient();
    const widget = ReactWidget.create(
      <RunDetails
        client={client}
        run={run}
        trans={trans}
        actions={{
          copyRunId: () => undefined,
          openInMlflow: null,
          insertModelSnippet: null,
          chartMetric: () => undefined
        }}
        onBack={() => undefined}
        now={2}
      />
    );
    act(() => {
      Widget.attach(widget, document.body);
    });
    await settle();
    expect(made('logged-models/m-1')).toHaveLength(1);
    expect(made('metrics/get-history').length).toBeGreaterThanOrEqual(2);
    expect(made('artifacts/list')).toHaveLength(1);
    act(() => {
      widget.dispose();
    });
    // Before: every one of them stayed open (only a flag kept their answers out).
    expect(open('logged-models')).toEqual([]);
    expect(open('metrics/get-history')).toEqual([]);
    expect(open('artifacts/list')).toEqual([]);
  });

  it('the compare view: the runs it reads', async () => {
    const { client, open, made } = heldClient();
    const view = new CompareView({ client, runIds: ['r1', 'r2'], trans });
    act(() => {
      Widget.attach(view, document.body);
    });
    await settle();
    expect(made('runs/get')).toHaveLength(2);
    act(() => {
      view.dispose();
    });
    expect(open('runs/get')).toEqual([]);
  });

  it('the controller: its status request and the run it shows', async () => {
    const { client, open, made } = heldClient();
    const controller = new TrackingController(client, { isHidden: () => true });
    void controller.loadStatus();
    void controller.showRun('r9').catch(() => undefined);
    await settle();
    expect(made('mlflow/status')).toHaveLength(1);
    expect(made('runs/get')).toHaveLength(1);
    controller.dispose();
    expect(open('mlflow/status')).toEqual([]);
    expect(open('runs/get')).toEqual([]);
  });

  it('an image preview whose blob settles as it is disposed makes no object URL', async () => {
    // jsdom has no object URLs: count what the preview makes and gives back.
    const made: string[] = [];
    const revoked: string[] = [];
    const urls = URL as unknown as {
      createObjectURL?: (blob: Blob) => string;
      revokeObjectURL?: (url: string) => void;
    };
    const saved = { ...urls };
    urls.createObjectURL = () => {
      made.push(`blob:${made.length}`);
      return made[made.length - 1];
    };
    urls.revokeObjectURL = url => {
      revoked.push(url);
    };
    try {
      let answer: (blob: Blob) => void = () => undefined;
      // The answer arrived before the abort: the request resolves whatever its signal says.
      const client = {
        artifactBlob: () =>
          new Promise<Blob>(resolve => {
            answer = resolve;
          })
      } as unknown as TrackingClient;
      const widget = ReactWidget.create(
        <ArtifactPreview
          client={client}
          run={run}
          file={{ path: 'plot.png', is_dir: false, file_size: 3 }}
          trans={trans}
        />
      );
      act(() => {
        Widget.attach(widget, document.body);
      });
      await settle();
      // The blob settles and the preview is cleaned up in the same tick.
      act(() => {
        answer(new Blob(['png']));
        widget.dispose();
      });
      await settle();
      // Before: the URL was made after the clean-up and never revoked.
      expect(made.filter(url => !revoked.includes(url))).toEqual([]);
    } finally {
      urls.createObjectURL = saved.createObjectURL;
      urls.revokeObjectURL = saved.revokeObjectURL;
    }
  });
});
