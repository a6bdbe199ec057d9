import { chartData, singleStepValues } from '../../src/tracking/chart';

const point = (step: number, value: number) => ({
  step,
  timestamp: 1_700_000_000_000 + step * 1000,
  value
});

describe('singleStepValues', () => {
  it('gives the values of a metric logged at one step, per run, instead of a chart', () => {
    const data = chartData(
      [
        { runId: 'a', points: [point(0, 0.42)] },
        { runId: 'b', points: [point(0, 0.5)] }
      ],
      'step',
      false
    );
    expect(singleStepValues(data)).toEqual([
      { index: 0, x: 0, value: 0.42 },
      { index: 1, x: 0, value: 0.5 }
    ]);
  });

  it('leaves a history of more than one step to the chart', () => {
    const data = chartData(
      [{ runId: 'a', points: [point(0, 1), point(1, 0.5)] }],
      'step',
      false
    );
    expect(singleStepValues(data)).toBeNull();
    // Two runs at different single steps are two x values: a chart, too.
    const apart = chartData(
      [
        { runId: 'a', points: [point(0, 1)] },
        { runId: 'b', points: [point(3, 2)] }
      ],
      'step',
      false
    );
    expect(singleStepValues(apart)).toBeNull();
  });
});
