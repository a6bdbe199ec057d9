import { chartOptions } from '../../src/tracking/chart';
import { ChartTheme, resolveChartColors } from '../../src/tracking/chartTheme';

describe('resolveChartColors', () => {
  it('gives the canvas the colours the browser computed, never a var() it cannot read', () => {
    const host = document.createElement('div');
    host.style.color = 'rgb(10, 20, 30)';
    host.style.setProperty('--jp-border-color2', 'rgb(40, 50, 60)');
    document.body.appendChild(host);
    const colors = resolveChartColors(host);
    expect(colors).toEqual({
      axis: 'rgb(10, 20, 30)',
      grid: 'rgb(40, 50, 60)'
    });
    expect(colors.axis).not.toContain('var(');
    host.remove();
  });

  it('falls back to the given colours when the page has no theme', () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const colors = resolveChartColors(host, { axis: '#111', grid: '#222' });
    expect(colors.grid).toBe('#222');
    expect(colors.axis).not.toContain('var(');
    host.remove();
  });
});

describe('chartOptions', () => {
  it('draws both axes, their ticks and the grid in the resolved theme colours', () => {
    const options = chartOptions(
      {
        labels: ['a', 'b'],
        xLabel: 'step',
        time: false,
        log: false,
        points: 500
      },
      { axis: 'rgb(1, 2, 3)', grid: 'rgb(4, 5, 6)' },
      400
    );
    expect(options.axes).toHaveLength(2);
    for (const axis of options.axes ?? []) {
      expect(axis.stroke).toBe('rgb(1, 2, 3)');
      expect(axis.grid?.stroke).toBe('rgb(4, 5, 6)');
      expect(axis.ticks?.stroke).toBe('rgb(4, 5, 6)');
    }
    expect(JSON.stringify(options)).not.toContain('var(--');
    expect(options.series.map(s => s.label)).toEqual(['step', 'a', 'b']);
  });
});

describe('ChartTheme', () => {
  it('tells the charts every theme switch with a new revision', () => {
    const theme = new ChartTheme();
    const seen: number[] = [];
    theme.changed.connect((_, revision) => seen.push(revision));
    theme.notify();
    theme.notify();
    expect(seen).toEqual([1, 2]);
    expect(theme.revision).toBe(2);
  });
});
