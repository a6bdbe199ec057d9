/**
 * Cell analyses by cell source, shared by the notebooks one lint run reads in one thread.
 * Repositories copy cells from notebook to notebook (imports, set-up, plotting helpers): an
 * identical source parses to the identical analysis (`analyzeNotebook`'s `cache` contract), so a
 * run parses it once. Nothing outlives the run; the rules' per-notebook memos are keyed on the
 * notebook's own objects (its analysis view, its LintCells), never on a shared CellAnalysis.
 */
import type { CellAnalysis } from '../python/types';

/**
 * Bound on the total source characters of the cached cells. A cached analysis (tree, masked text,
 * scope) holds 10-14 bytes of heap per source character (measured on ../shared/corpus and the 596
 * fetched notebooks), so the cache stays under ~15 MB however many distinct notebooks a run reads.
 * Copies sit close together (the same repository, the same folder): with the files in the CLI's
 * order, a bound of 1 M characters serves 23.3% of the 596 notebooks' code from the cache, against
 * 23.5% unbounded (7.4% of ../shared/corpus's either way; 100 k characters: 20.1% and 5.9%).
 */
export const ANALYSIS_CACHE_MAX_CHARS = 1_000_000;

/**
 * A Map bounded by the total length of its keys: once over `maxChars`, the oldest entries go first
 * (insertion order: notebooks that share cells usually sit next to each other in a repository).
 */
export class BoundedAnalysisCache extends Map<string, CellAnalysis> {
  private chars = 0;

  constructor(readonly maxChars: number = ANALYSIS_CACHE_MAX_CHARS) {
    super();
  }

  /** total characters of the cached sources */
  get totalChars(): number {
    return this.chars;
  }

  override set(source: string, analysis: CellAnalysis): this {
    if (!super.has(source)) {
      this.chars += source.length;
    }
    super.set(source, analysis);
    if (this.chars > this.maxChars) {
      for (const oldest of super.keys()) {
        if (this.chars <= this.maxChars) {
          break;
        }
        this.delete(oldest);
      }
    }
    return this;
  }

  override delete(source: string): boolean {
    if (!super.delete(source)) {
      return false;
    }
    this.chars -= source.length;
    return true;
  }

  override clear(): void {
    super.clear();
    this.chars = 0;
  }
}
