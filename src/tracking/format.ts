/** Formatting of run values for the table and details. Pure. */

/** `1.23 s`, `4 min 05 s`, `2 h 03 min`; empty when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  }
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The run's duration: to its end, or to `now` while it runs. */
export function runDuration(
  start: number | undefined,
  end: number | undefined,
  now: number
): number | undefined {
  if (!start) {
    return undefined;
  }
  return (end !== undefined && end > 0 ? end : now) - start;
}

/** `2026-11-27 00:15` in the local time zone; the full ISO time goes in a tooltip. */
export function formatTime(ms: number | undefined): string {
  if (!ms) {
    return '';
  }
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The start time where a narrow table has little room: `18:09` for a run started the day
 * `now` is in, else `12-06` (the cell's title keeps the whole time).
 */
export function formatTimeShort(ms: number | undefined, now: number): string {
  if (!ms) {
    return '';
  }
  const full = formatTime(ms);
  return full.slice(0, 10) === formatTime(now).slice(0, 10)
    ? full.slice(11)
    : full.slice(5, 10);
}

/** Metric values: up to 4 significant decimals, exponent for very small/large. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) {
    return '';
  }
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e7)) {
    return value.toExponential(3);
  }
  return String(Number(value.toPrecision(5)));
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) {
    return '';
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An empty string as missing (MLflow sends "" for "no next page" and unnamed runs). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/**
 * A key cut into the pieces a narrow column may wrap between: after each `.`, `_`, `-` or
 * `/` (`nbcraft.notebook.sha256` wraps as `nbcraft.` `notebook.` `sha256`, not mid-word).
 */
export function keyPieces(key: string): string[] {
  return key.match(/[^._\-/]*[._\-/]+|[^._\-/]+/g) ?? [key];
}
