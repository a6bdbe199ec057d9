/** Types of stratified.js (the bench scripts are plain JavaScript; the tests are TypeScript). */

export interface Stratum {
  label?: string;
  population: number;
  tp: number;
  judged: number;
  /** the stratum's share of its population: 1/k when k sheets judged the same corpus */
  share?: number;
}

export interface Estimate {
  point: number;
  low: number;
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
  corpus?: string;
}

export interface SheetStrata {
  strata: (Stratum & { label: string; code: string; share: number })[] | null;
  without: string[];
  unpopulated: string[];
  unjudged: string[];
  tooSmall: string[];
  repeated: { corpus: string; files: string[] }[];
}

export function prng(seed: number): () => number;
export function betaCdf(x: number, a: number, b: number): number;
export function betaQuantile(q: number, a: number, b: number): number;
export function jeffreysLimits(stratum: Stratum): { low: number; high: number };
export function stratifiedEstimate(strata: Stratum[]): Estimate;
export function parsePopulations(
  text: string,
  file: string
): Map<string, number>;
export function parseCorpus(text: string, file: string): string | undefined;
export function populationLines(byRule: Map<string, number>): string[];
export function strataOf(sheets: Sheet[]): SheetStrata;
