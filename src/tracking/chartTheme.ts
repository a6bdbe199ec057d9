import { Signal, type ISignal } from '@lumino/signaling';
import { useEffect, useState } from 'react';

/** The colours a chart draws its axes and grid with, as the canvas needs them. */
export interface IChartColors {
  /** Axis lines, ticks and numbers: the theme's text colour. */
  axis: string;
  /** Grid lines: the theme's light border colour. */
  grid: string;
}

/**
 * The theme's colours, resolved for a canvas. A canvas cannot resolve `var(--jp-…)`
 * (it would draw in black), so read what the browser computed for the chart's element:
 * its text colour (set from `--jp-ui-font-color1` in the stylesheet) and the theme's
 * `--jp-border-color2`, with the given fallbacks when the page has no theme (tests).
 */
export function resolveChartColors(
  element: Element,
  fallback: IChartColors = { axis: '#616161', grid: '#e0e0e0' }
): IChartColors {
  const style = window.getComputedStyle(element);
  const axis = style.color.trim() || fallback.axis;
  const grid =
    style.getPropertyValue('--jp-border-color2').trim() || fallback.grid;
  return { axis, grid };
}

/**
 * Theme switches, for the charts: JupyterLab swaps the theme's stylesheet, but a canvas keeps
 * the colours it was drawn with, so each chart redraws when this says the theme changed.
 * The tracking plugin forwards `IThemeManager.themeChanged` here.
 */
export class ChartTheme {
  /** A number that changes with every theme switch. */
  get revision(): number {
    return this._revision;
  }

  get changed(): ISignal<ChartTheme, number> {
    return this._changed;
  }

  /** Say the theme changed (after its stylesheet is in place). */
  notify(): void {
    this._revision++;
    this._changed.emit(this._revision);
  }

  private _revision = 0;
  private readonly _changed = new Signal<ChartTheme, number>(this);
}

/** The one instance the charts listen to. */
export const chartTheme = new ChartTheme();

/** The theme's revision, re-rendering the component when the theme changes. */
export function useThemeRevision(theme: ChartTheme = chartTheme): number {
  const [revision, setRevision] = useState(theme.revision);
  useEffect(() => {
    const onChange = (_: ChartTheme, value: number) => {
      setRevision(value);
    };
    theme.changed.connect(onChange);
    return () => {
      theme.changed.disconnect(onChange);
    };
  }, [theme]);
  return revision;
}
