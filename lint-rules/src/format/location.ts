/** Shared location and fingerprint helpers for the formatters. */
import type { Finding } from '../engine/types';
import type { FileResult } from './types';

/** `cell 3:2:5` (1-based) for a finding inside a cell, null otherwise. */
export function cellLocation(f: Finding): string | null {
  if (f.cell === null || !f.start) {
    return null;
  }
  return `cell ${f.cell + 1}:${f.start.line + 1}:${f.start.column + 1}`;
}

/** The human location: `nb.ipynb:cell 3:2:5`, or `file.py:120:5` for script formats. */
export function humanLocation(result: FileResult, f: Finding): string {
  const cell = cellLocation(f);
  if (cell && result.notebookFormat === 'ipynb') {
    return `${result.path}:${cell}`;
  }
  return `${result.path}:${f.file.line}:${f.file.column}`;
}

/** 64-bit FNV-1a as 16 hex digits: stable, dependency-free, fine for fingerprints (not security). */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/**
 * Fingerprints that survive edits elsewhere in the notebook: rule, path, cell id (or index),
 * message, and the occurrence number of identical findings; no line numbers.
 */
export function fingerprints(result: FileResult): string[] {
  const seen = new Map<string, number>();
  return result.findings.map(f => {
    const key = [
      f.ruleCode,
      result.path,
      f.cellId ?? f.cell ?? '-',
      f.output ?? '',
      f.message
    ].join('\u0000');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return hash64(`${key}\u0000${n}`);
  });
}

export function errorText(result: FileResult): string {
  const e = result.error;
  if (!e) {
    return '';
  }
  return `${e.message}${e.cell !== undefined ? ` (cell ${e.cell + 1})` : ''}${e.hint ? `. ${e.hint}` : ''}`;
}
