import { nullTranslator } from '@jupyterlab/translation';
import React, { act } from 'react';

import { BASE_COLUMNS } from '../../src/tracking/query';
import { DEFAULT_SORT } from '../../src/tracking/query';
import {
  columnWidth,
  fitColumns,
  isCompact,
  nameWidth,
  ROW_HEIGHT,
  RunsTable
} from '../../src/tracking/runsTable';
import { RunSchema, type Run } from '../../src/tracking/schemas';
import { formatTimeShort } from '../../src/tracking/format';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

// react-dom ships no types here (no @types/react-dom in the workspace): type the one call used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRoot } = require('react-dom/client') as {
  createRoot: (container: Element) => {
    render: (node: React.ReactNode) => void;
    unmount: () => void;
  };
};

function must<T extends Element>(node: T | null): T {
  if (!node) {
    throw new Error('element not found');
  }
  return node;
}

const runs: Run[] = Array.from({ length: 10_000 }, (_, i) =>
  RunSchema.parse({
    info: {
      run_id: `r${i}`,
      experiment_id: '1',
      status: i === 0 ? 'RUNNING' : 'FINISHED',
      run_name: `run-${i}`,
      start_time: 1000 + i
    },
    data: {
      tags: i % 2 ? [{ key: 'nbcraft.notebook', value: 'nb.ipynb' }] : []
    }
  })
);

function renderTable(
  props: Partial<React.ComponentProps<typeof RunsTable>> = {}
) {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  const calls = { needMore: 0, sort: [] as string[], opened: [] as string[] };
  act(() => {
    root.render(
      <RunsTable
        runs={runs}
        columns={[...BASE_COLUMNS, { kind: 'metric', key: 'rmse' }]}
        sort={DEFAULT_SORT}
        hasMore={false}
        loading={false}
        selected={new Set(['r1'])}
        notebookPath="nb.ipynb"
        now={5000}
        trans={nullTranslator.load('nbcraft')}
        onSort={c => calls.sort.push(c.key)}
        onToggle={() => undefined}
        onOpen={id => calls.opened.push(id)}
        onNeedMore={() => (calls.needMore += 1)}
        {...props}
      />
    );
  });
  return { host, root, calls };
}

describe('RunsTable', () => {
  it('draws only the rows in view out of 10,000', () => {
    const { host, root } = renderTable();
    const drawn = host.querySelectorAll('.jp-nbcraft-tracking-row');
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(60);
    const body = must(
      host.querySelector<HTMLElement>('.jp-nbcraft-tracking-body')
    );
    expect(body.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    act(() => {
      root.unmount();
    });
  });

  it('draws the rows at the scroll position', () => {
    const { host, root } = renderTable();
    const scroller = must(
      host.querySelector<HTMLElement>('.jp-nbcraft-tracking-scroller')
    );
    act(() => {
      scroller.scrollTop = 5000 * ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll', { bubbles: true }));
    });
    const ids = Array.from(
      host.querySelectorAll<HTMLElement>('.jp-nbcraft-tracking-row')
    ).map(r => r.dataset.runId);
    expect(ids).toContain('r5000');
    expect(ids).not.toContain('r0');
    expect(ids.length).toBeLessThan(60);
    act(() => {
      root.unmount();
    });
  });

  it('asks for the next page near the end, marks notebook runs and status, sorts on click', () => {
    const { host, root, calls } = renderTable({
      runs: runs.slice(0, 20),
      hasMore: true
    });
    expect(calls.needMore).toBe(1);
    expect(host.querySelector('.jp-nbcraft-tracking-more')).not.toBeNull();
    const rows = host.querySelectorAll('.jp-nbcraft-tracking-row');
    expect(
      rows[1].classList.contains('jp-nbcraft-tracking-from-notebook')
    ).toBe(true);
    expect(
      rows[0].classList.contains('jp-nbcraft-tracking-from-notebook')
    ).toBe(false);
    expect(rows[1].classList.contains('jp-mod-selected')).toBe(true);
    expect(
      rows[0].querySelector('.jp-nbcraft-tracking-status-running')
    ).not.toBeNull();
    act(() => {
      must(
        host.querySelector<HTMLElement>('[data-column="metric:rmse"]')
      ).click();
    });
    expect(calls.sort).toEqual(['rmse']);
    // Duration is computed, not a server column: not sortable.
    act(() => {
      must(
        host.querySelector<HTMLElement>('[data-column="attribute:duration"]')
      ).click();
    });
    expect(calls.sort).toEqual(['rmse']);
    act(() => {
      (rows[2] as HTMLElement).click();
    });
    expect(calls.opened).toEqual(['r2']);
    act(() => {
      root.unmount();
    });
  });

  it('marks the run of a job (tagged nbcraft.job) with a "job" badge', () => {
    const jobRun = RunSchema.parse({
      info: { run_id: 'job-run', experiment_id: '1', status: 'FINISHED' },
      data: { tags: [{ key: 'nbcraft.job', value: 'a1b2c3' }] }
    });
    const { host, root } = renderTable({ runs: [jobRun, runs[2]] });
    const rows = host.querySelectorAll('.jp-nbcraft-tracking-row');
    const badge = rows[0].querySelector('.jp-nbcraft-tracking-job-badge');
    expect(badge?.textContent).toBe('job');
    expect(badge?.getAttribute('title')).toContain('a1b2c3');
    expect(rows[1].querySelector('.jp-nbcraft-tracking-job-badge')).toBeNull();
    act(() => {
      root.unmount();
    });
  });
});

describe('fitColumns', () => {
  const columns = [...BASE_COLUMNS, { kind: 'metric', key: 'rmse' } as const];
  const keys = (list: { key: string }[]) => list.map(c => c.key);

  it('keeps every column when they fit', () => {
    expect(keys(fitColumns(columns, 1000))).toEqual(keys(columns));
  });

  it('drops the start time, then the duration, in a narrow sidebar; never the chosen metrics', () => {
    expect(keys(fitColumns(columns, 340))).toEqual([
      'status',
      'run_name',
      'duration',
      'rmse'
    ]);
    expect(keys(fitColumns(columns, 236))).toEqual([
      'status',
      'run_name',
      'rmse'
    ]);
  });

  it('keeps the column the runs are sorted by', () => {
    expect(keys(fitColumns(columns, 236, 'attribute:start_time'))).toContain(
      'start_time'
    );
  });

  it('goes compact where the kept columns overflow, and then the sorted start time fits 236 px', () => {
    const kept = fitColumns(BASE_COLUMNS, 236, 'attribute:start_time');
    expect(isCompact(kept, 1000)).toBe(false);
    expect(isCompact(kept, 236)).toBe(true);
    const compactWidth =
      28 + kept.reduce((sum, c) => sum + columnWidth(c, true), 0);
    expect(compactWidth).toBeLessThanOrEqual(236);
  });
});

describe("the run name in a sidebar of JupyterLab's default width", () => {
  // the first-hour walk's table: 228 px, the default columns of a run with metrics and params
  const columns = [
    ...BASE_COLUMNS,
    { kind: 'metric', key: 'r2' } as const,
    { kind: 'metric', key: 'rmse' } as const,
    { kind: 'param', key: 'learning_rate' } as const
  ];
  const width = 228;
  const kept = fitColumns(columns, width, 'attribute:start_time');
  const compact = isCompact(kept, width);

  it('takes all the room the status and start time leave in view, the metrics scrolling sideways', () => {
    const status = { kind: 'attribute', key: 'status' } as const;
    const start = { kind: 'attribute', key: 'start_time' } as const;
    const name = nameWidth(kept, width, compact);
    expect(name).toBe(
      width - 28 - columnWidth(status, true) - columnWidth(start, true)
    );
    // the walk cut "lr=0.05, 200 trees" at "lr=0.0…" in a 90 px column; the compact start
    // time (`18:09` today) gives the name 16 px more, 106 px
    expect(name).toBeGreaterThanOrEqual(106);
  });

  it('takes what is left over where every column fits', () => {
    expect(nameWidth(kept, 1000, isCompact(kept, 1000))).toBeNull();
  });

  it('shows a start time of today as its hour, of another day as its date', () => {
    const now = new Date(2026, 11, 7, 18, 30).getTime();
    expect(formatTimeShort(new Date(2026, 11, 7, 18, 9).getTime(), now)).toBe(
      '18:09'
    );
    expect(formatTimeShort(new Date(2026, 11, 6, 7, 5).getTime(), now)).toBe(
      '12-06'
    );
    expect(formatTimeShort(undefined, now)).toBe('');
  });

  it('keeps the whole name in the cell: its tooltip and its accessible text', () => {
    const long = RunSchema.parse({
      info: {
        run_id: 'long',
        experiment_id: '1',
        status: 'FINISHED',
        run_name: 'lr=0.05, 200 trees, depth 3, subsample 0.8',
        start_time: 1000
      }
    });
    const { host, root } = renderTable({ runs: [long] });
    const cell = must(
      host.querySelector<HTMLElement>('.jp-nbcraft-tracking-namecell')
    );
    expect(cell.title).toBe('lr=0.05, 200 trees, depth 3, subsample 0.8');
    expect(cell.getAttribute('role')).toBe('gridcell');
    expect(cell.textContent).toContain(
      'lr=0.05, 200 trees, depth 3, subsample 0.8'
    );
    act(() => {
      root.unmount();
    });
  });
});
