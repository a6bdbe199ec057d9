/**
 * Inline suppressions, written as comments in any cell language:
 *   `x = 1  # nbcraft: disable=NB101,unused-import`   this line (alone on a line: also the next line)
 *   `# nbcraft: disable-cell=NB101`                   the whole cell (no list: every rule)
 *   `# nbcraft: disable-file=NB302`                   the whole notebook
 * A notebook can also list rules in its metadata: `"nbcraft": {"disable": ["NB302"]}`.
 */
import type { Notebook } from '../notebook/types';
import type { Finding } from './types';

const DIRECTIVE =
  /nbcraft:\s*(disable-cell|disable-file|disable)\b(?:\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?/;

/** A set of rule codes/ids; `all` means every rule. */
interface RuleSelector {
  all: boolean;
  keys: Set<string>;
}

function selector(list: string | undefined): RuleSelector {
  if (!list) {
    return { all: true, keys: new Set() };
  }
  return {
    all: false,
    keys: new Set(
      list
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    )
  };
}

function matches(sel: RuleSelector, finding: Finding): boolean {
  return (
    sel.all || sel.keys.has(finding.ruleCode) || sel.keys.has(finding.ruleId)
  );
}

export interface Suppressions {
  isSuppressed(finding: Finding): boolean;
}

const NOTHING_SUPPRESSED: Suppressions = { isSuppressed: () => false };

export function collectSuppressions(nb: Notebook): Suppressions {
  const fileSelectors: RuleSelector[] = [];
  const cellSelectors = new Map<number, RuleSelector[]>();
  const lineSelectors = new Map<string, RuleSelector[]>();
  const add = <K>(map: Map<K, RuleSelector[]>, key: K, sel: RuleSelector) => {
    const list = map.get(key);
    if (list) {
      list.push(sel);
    } else {
      map.set(key, [sel]);
    }
  };

  const meta = nb.metadata.nbcraft as { disable?: unknown } | undefined;
  if (meta && Array.isArray(meta.disable)) {
    fileSelectors.push({
      all: false,
      keys: new Set(
        meta.disable.filter((x): x is string => typeof x === 'string')
      )
    });
  }

  for (const cell of nb.cells) {
    if (!cell.source.includes('nbcraft:')) {
      continue;
    }
    const lines = cell.source.split(/\r?\n|\r/);
    lines.forEach((line, lineNo) => {
      const m = DIRECTIVE.exec(line);
      if (!m) {
        return;
      }
      const sel = selector(m[2]);
      if (m[1] === 'disable-file') {
        fileSelectors.push(sel);
      } else if (m[1] === 'disable-cell') {
        add(cellSelectors, cell.index, sel);
      } else {
        add(lineSelectors, `${cell.index}:${lineNo}`, sel);
        // a directive alone on its line covers the line below it
        if (/^\s*(#|--|\/\/|<!--)/.test(line)) {
          add(lineSelectors, `${cell.index}:${lineNo + 1}`, sel);
        }
      }
    });
  }

  if (
    fileSelectors.length === 0 &&
    cellSelectors.size === 0 &&
    lineSelectors.size === 0
  ) {
    return NOTHING_SUPPRESSED; // the common case: no directive anywhere, nothing to look up per finding
  }
  return {
    isSuppressed(finding: Finding): boolean {
      if (fileSelectors.some(s => matches(s, finding))) {
        return true;
      }
      if (finding.cell === null) {
        return false;
      }
      if (
        (cellSelectors.get(finding.cell) ?? []).some(s => matches(s, finding))
      ) {
        return true;
      }
      if (finding.start && finding.output === undefined) {
        const sels =
          lineSelectors.get(`${finding.cell}:${finding.start.line}`) ?? [];
        return sels.some(s => matches(s, finding));
      }
      return false;
    }
  };
}
