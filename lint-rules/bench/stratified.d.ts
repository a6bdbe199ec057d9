/** Types of stratified.js (the bench scripts are plain JavaScript; the tests are TypeScript). */

export interface Stratum {
  label?: string;
  population: number;
  tp: number;
  judged: number;
}

export interface Estimate {
  point: number;
  low: number;
  median: number;
  high: number;
  population: number;
  strata: number;
}

export interface JudgedCount {
  tp: number;
  judged: number;
}

export interface Sheet {
  file: string;
  counts: Map<string, JudgedCount>;
  populations: Map<string, number>;
}

export interface SheetStrata {
  strata: (Stratum & { label: string; code: string })[] | null;
  without: string[];
  unpopulated: string[];
  unjudged: string[];
  tooSmall: string[];
}

export function prng(seed: number): () => number;
export function gamma(shape: number, random: () => number): number;
export function beta(a: number, b: number, random: () => number): number;
export function percentile(sorted: ArrayLike<number>, q: number): number;
export function stratifiedEstimate(
  strata: Stratum[],
  options?: { draws?: number; seed?: number }
): Estimate;
export function parsePopulations(
  text: string,
  file: string
): Map<string, number>;
export function populationLines(byRule: Map<string, number>): string[];
export function strataOf(sheets: Sheet[]): SheetStrata;
