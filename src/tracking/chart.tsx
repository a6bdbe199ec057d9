import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef, useState } from 'react';
import type uPlotType from 'uplot';

import {
  resolveChartColors,
  useThemeRevision,
  type IChartColors
} from './chartTheme';
import type { IRunSeries, TrackingClient } from './client';
import { alignSeries, CHART_POINTS } from './downsample';
import { formatNumber } from './format';
import { errorText } from '../core/translatable';

export type XAxis = 'step' | 'time';

/** Load uPlot (and its CSS) only when a chart is first drawn: a separate chunk. */
let uPlotModule: Promise<typeof uPlotType> | null = null;
export function loadChartLibrary(): Promise<typeof uPlotType> {
  uPlotModule ??= Promise.all([
    import('uplot'),
    import('uplot/dist/uPlot.min.css')
  ]).then(([module]) => module.default);
  return uPlotModule;
}

/** Series colours that read on light and dark backgrounds (Tableau 10). */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac'
];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** The chart's data: x by step or by time (seconds, as uPlot's time axis wants). */
export function chartData(
  series: readonly IRunSeries[],
  xAxis: XAxis,
  log: boolean
): uPlotType.AlignedData {
  const points = series.map(s =>
    s.points
      .filter(p => !log || p.value > 0)
      .map(p => ({
        x: xAxis === 'step' ? p.step : p.timestamp / 1000,
        y: p.value
      }))
  );
  return alignSeries(points);
}

/**
 * The values of a metric logged at one step (or one time) only, per run; null when there is
 * a history to draw. A line chart of a single x is two dots on a made-up axis: say the value.
 */
export function singleStepValues(
  data: uPlotType.AlignedData
): { index: number; x: number; value: number }[] | null {
  if (data[0].length !== 1) {
    return null;
  }
  const out: { index: number; x: number; value: number }[] = [];
  data.slice(1).forEach((column, index) => {
    const value = column[0];
    if (typeof value === 'number') {
      out.push({ index, x: data[0][0], value });
    }
  });
  return out;
}

export interface IMetricChartProps {
  client: TrackingClient;
  metricKey: string;
  runIds: string[];
  runLabels: Record<string, string>;
  xAxis: XAxis;
  log: boolean;
  trans: TranslationBundle;
  /** Bumped by live refresh to re-read the history. */
  revision?: number;
  /**
   * The runs' state for this metric (`seriesStamp`): a series already read or prefetched
   * for the same state is drawn without asking again; a new state asks again.
   */
  stamp?: string;
}

/** What a chart was last drawn from, to draw it again in another theme. */
interface IDrawn {
  uPlot: typeof uPlotType;
  data: uPlotType.AlignedData;
  labels: string[];
  xLabel: string;
  time: boolean;
  log: boolean;
}

/** uPlot's options for a chart: axes and grid in the theme's colours, resolved for a canvas. */
export function chartOptions(
  drawn: Omit<IDrawn, 'uPlot' | 'data'> & { points: number },
  colors: IChartColors,
  width: number
): uPlotType.Options {
  const axis = { stroke: colors.axis, grid: { stroke: colors.grid, width: 1 } };
  return {
    width,
    height: 240,
    scales: {
      x: { time: drawn.time },
      // uPlot's Distr is a const enum of a type-only import: 3 = log, 1 = linear.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      y: { distr: drawn.log ? 3 : 1 }
    },
    axes: [
      { ...axis, ticks: { stroke: colors.grid } },
      { ...axis, ticks: { stroke: colors.grid }, size: 60 }
    ],
    series: [
      { label: drawn.xLabel },
      ...drawn.labels.map((label, i) => ({
        label,
        stroke: seriesColor(i),
        width: 1.5,
        spanGaps: true,
        // Markers only when there are few points: a lone value is otherwise invisible.
        points: { show: drawn.points <= 60 }
      }))
    ]
  };
}

function draw(
  host: HTMLDivElement,
  plot: React.MutableRefObject<uPlotType | null>,
  drawn: IDrawn
): void {
  const colors = resolveChartColors(host);
  const width = Math.max(host.clientWidth || 480, 240);
  plot.current?.destroy();
  plot.current = new drawn.uPlot(
    chartOptions({ ...drawn, points: drawn.data[0].length }, colors, width),
    drawn.data,
    host
  );
  // The colours drawn with, for the UI tests (a canvas cannot be asked).
  host.dataset.axisColor = colors.axis;
  host.dataset.gridColor = colors.grid;
}

/**
 * One metric's history for one or many runs, drawn with uPlot. The data come
 * downsampled (~320 points a run), so drawing stays cheap for 100,000 steps.
 */
export function MetricChart(props: IMetricChartProps): React.ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);
  const [state, setState] = useState<
    'loading' | 'drawn' | 'single' | 'empty' | 'error'
  >('loading');
  const [single, setSingle] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [downsampled, setDownsampled] = useState(false);
  const {
    client,
    metricKey,
    runIds,
    xAxis,
    log,
    trans,
    runLabels,
    revision,
    stamp
  } = props;
  const runKey = runIds.join(',');
  const drawn = useRef<IDrawn | null>(null);
  const themeRevision = useThemeRevision();

  useEffect(() => {
    let cancelled = false;
    const started = performance.now();
    setState(s => (s === 'drawn' ? s : 'loading'));
    Promise.all([
      client.chartSeries(runIds, metricKey, CHART_POINTS, stamp),
      loadChartLibrary()
    ])
      .then(([result, uPlot]) => {
        if (cancelled || !host.current) {
          return;
        }
        const fetched = performance.now();
        const data = chartData(result.series, xAxis, log);
        plot.current?.destroy();
        plot.current = null;
        drawn.current = null;
        if (data[0].length === 0) {
          setState('empty');
          return;
        }
        const lone = singleStepValues(data);
        if (lone) {
          setSingle(
            lone.map(v => {
              const label =
                runLabels[result.series[v.index].runId] ??
                result.series[v.index].runId.slice(0, 8);
              const at =
                xAxis === 'step'
                  ? trans.__('step %1', v.x)
                  : new Date(v.x * 1000).toLocaleString();
              return trans.__('%1: %2 (%3)', label, formatNumber(v.value), at);
            })
          );
          host.current.dataset.points = '1';
          setState('single');
          return;
        }
        drawn.current = {
          uPlot,
          data,
          labels: result.series.map(
            s => runLabels[s.runId] ?? s.runId.slice(0, 8)
          ),
          xLabel: xAxis === 'step' ? trans.__('step') : trans.__('time'),
          time: xAxis === 'time',
          log
        };
        draw(host.current, plot, drawn.current);
        // Timings for the benchmark: data (request or cache) and drawing, apart.
        host.current.dataset.fetchMs = String(Math.round(fetched - started));
        host.current.dataset.drawMs = String(
          Math.round(performance.now() - fetched)
        );
        host.current.dataset.source = result.source;
        host.current.dataset.seriesServer = result.server ?? '';
        host.current.dataset.points = String(data[0].length);
        setDownsampled(result.downsampled === true);
        setState('drawn');
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          setMessage(errorText(error, trans));
          setState('error');
        }
      });
    return () => {
      cancelled = true;
    };
    // runKey stands for runIds; labels only matter when the data are re-read.
  }, [client, metricKey, runKey, xAxis, log, revision, stamp]);

  // A theme switch: draw again with the new theme's colours (the data are kept).
  useEffect(() => {
    if (themeRevision > 0 && host.current && drawn.current) {
      draw(host.current, plot, drawn.current);
    }
  }, [themeRevision]);

  useEffect(
    () => () => {
      plot.current?.destroy();
      plot.current = null;
    },
    []
  );

  useEffect(() => {
    const node = host.current;
    if (!node || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(() => {
      if (plot.current && node.clientWidth > 0) {
        plot.current.setSize({
          width: Math.max(node.clientWidth, 240),
          height: 240
        });
      }
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
    };
  }, []);

  return (
    <div className="jp-nbcraft-tracking-chartbox">
      <div className="jp-nbcraft-tracking-charttitle">
        {metricKey}
        {downsampled ? (
          <span
            className="jp-nbcraft-tracking-muted"
            title={trans.__('Downsampled in the browser')}
          >
            {' '}
            {trans.__('(downsampled)')}
          </span>
        ) : null}
      </div>
      <div
        ref={host}
        className="jp-nbcraft-tracking-chart"
        data-state={state}
        data-metric={metricKey}
      />
      {state === 'loading' ? (
        <div className="jp-nbcraft-tracking-muted">
          {trans.__('Loading the metric history…')}
        </div>
      ) : null}
      {state === 'single' ? (
        <div className="jp-nbcraft-tracking-single">
          <div className="jp-nbcraft-tracking-muted">
            {trans.__('Logged once: nothing to draw over steps.')}
          </div>
          <ul>
            {single.map(line => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state === 'empty' ? (
        <div className="jp-nbcraft-tracking-muted">
          {log
            ? trans.__('No positive values to draw on a log scale.')
            : trans.__('No values logged for this metric.')}
        </div>
      ) : null}
      {state === 'error' ? (
        <div className="jp-nbcraft-tracking-error">{message}</div>
      ) : null}
    </div>
  );
}
