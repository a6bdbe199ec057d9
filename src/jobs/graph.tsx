/**
 * A pipeline run's steps as a small graph: one column per dependency depth, parallel steps
 * one above the other, each box coloured by its step's state. Layout from model.ts.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { JOB_STATUSES, type Job } from './api';
import { layoutPipeline, type IPipelineStep } from './model';

const BOX_W = 84;
const BOX_H = 22;
const GAP_X = 22;
const GAP_Y = 8;

/** The steps of a pipeline row, with states the graph knows (anything else is pending). */
export function pipelineSteps(job: Job): IPipelineStep[] {
  return (job.steps ?? []).map(step => {
    const status = step.status ?? 'pending';
    const known =
      (JOB_STATUSES as readonly string[]).includes(status) ||
      status === 'skipped';
    return {
      name: step.name,
      needs: step.needs,
      status: known ? (status as IPipelineStep['status']) : 'pending'
    };
  });
}

export function PipelineGraph(props: {
  steps: IPipelineStep[];
  trans: TranslationBundle;
  /** "re-run from here" on a step (Enter or a click on its box); none while the pipeline runs */
  onRerunFrom?: (step: string) => void;
}): React.ReactElement | null {
  const { trans, onRerunFrom } = props;
  const layout = layoutPipeline(props.steps);
  if (layout.steps.length === 0) {
    return null;
  }
  const x = (column: number) => column * (BOX_W + GAP_X) + 1;
  const y = (row: number) => row * (BOX_H + GAP_Y) + 1;
  const at = new Map(layout.steps.map(step => [step.name, step]));
  const width = layout.columns * (BOX_W + GAP_X) - GAP_X + 2;
  const height = layout.rows * (BOX_H + GAP_Y) - GAP_Y + 2;
  return (
    <div className="jp-nbcraft-jobs-graph">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={trans.__(
          'Pipeline steps: %1',
          layout.steps.map(s => `${s.name} ${s.status}`).join(', ')
        )}
      >
        {layout.edges.map(edge => {
          const from = at.get(edge.from);
          const to = at.get(edge.to);
          if (!from || !to) {
            return null;
          }
          const x1 = x(from.column) + BOX_W;
          const y1 = y(from.row) + BOX_H / 2;
          const x2 = x(to.column);
          const y2 = y(to.row) + BOX_H / 2;
          const mid = (x1 + x2) / 2;
          return (
            <path
              key={`${edge.from}->${edge.to}`}
              className="jp-nbcraft-jobs-graph-edge"
              d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
            />
          );
        })}
        {layout.steps.map(step => (
          <g
            key={step.name}
            className={`jp-nbcraft-jobs-graph-node jp-mod-${step.status}`}
            data-step={step.name}
            data-status={step.status}
            transform={`translate(${x(step.column)},${y(step.row)})`}
            {...(onRerunFrom
              ? {
                  role: 'button',
                  tabIndex: 0,
                  'aria-label': trans.__(
                    'Re-run the pipeline from %1 (%2)',
                    step.name,
                    step.status
                  ),
                  onClick: () => {
                    onRerunFrom(step.name);
                  },
                  onKeyDown: (event: React.KeyboardEvent) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      onRerunFrom(step.name);
                    }
                  }
                }
              : {})}
          >
            <title>
              {onRerunFrom
                ? trans.__('%1: %2. Re-run from here', step.name, step.status)
                : `${step.name}: ${step.status}`}
            </title>
            <rect width={BOX_W} height={BOX_H} rx={4} />
            <text x={6} y={BOX_H / 2 + 4}>
              {step.name.length > 12 ? step.name.slice(0, 11) + '…' : step.name}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
