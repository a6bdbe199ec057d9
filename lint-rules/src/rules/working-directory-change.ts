import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell, NodeHandlers } from '../engine/types';
import {
  calleeName,
  importAliases,
  notebookMentions,
  once,
  qualify
} from './support/syntax';

/**
 * Whether the `%cd` lines of a cell bring it back where it started (`%cd tmp` ... `%cd ..`,
 * `%cd build` ... `%cd -`): relative steps are counted; an absolute path or a variable
 * (`%cd $model_id`) leaves the directory unknown.
 */
function cdLinesReturn(args: string[]): boolean {
  let depth: number | null = 0;
  let previous: number | null = 0;
  for (const arg of args) {
    if (arg === '-') {
      [depth, previous] = [previous, depth];
      continue;
    }
    previous = depth;
    if (!arg || /^[/~$\\{]|^[A-Za-z]:|-b\b|\s/.test(arg)) {
      depth = null;
      continue;
    }
    for (const part of arg.replace(/\/+$/, '').split('/')) {
      if (depth !== null && part !== '.' && part !== '') {
        depth += part === '..' ? -1 : 1;
      }
    }
  }
  return depth === 0;
}

/** `%cd` to a fixed place: an absolute path, the home folder (`~`, or no argument at all) */
const CD_FIXED = /^(?:$|[/~]|[A-Za-z]:[\\/]|\\\\)/;

/**
 * Whether a cell's `%cd` lines leave it in the same folder however often it ran before: the first
 * goes to a fixed place (an absolute path with no `$var`/`{expr}`, or home), and none after it
 * goes back (`-`) to the folder before, or to a bookmark or a variable.
 */
function cdLinesFixed(args: string[]): boolean {
  return (
    args.length > 0 &&
    CD_FIXED.test(args[0]) &&
    args.every(arg => arg !== '-' && !/[${]|(?:^|\s)-b\b/.test(arg))
  );
}

/** `os.chdir("/abs/path")`: a string literal naming an absolute path (`~` is not expanded by os.chdir) */
function chdirToFixedPlace(node: SyntaxNode, cell: LintCell): boolean {
  const args = node.getChild('ArgList');
  const first = args?.firstChild?.nextSibling;
  if (first?.name !== 'String' || first.nextSibling?.name !== ')') {
    return false;
  }
  const literal = /^[rRuU]?(['"])(.*)\1$/s.exec(cell.textOf(first));
  return (
    literal !== null &&
    !literal[2].includes(literal[1]) &&
    /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(literal[2])
  );
}

/** `name = os.getcwd()` (or `getcwd()` imported bare): a saved working directory */
const SAVED_CWD = /(\w+)\s*=\s*(?:os\.)?getcwd\(\)/g;
/** the same, as a statement at a cell's top level (a notebook global) */
const SAVED_CWD_GLOBAL = /^(\w+)\s*=\s*(?:os\.)?getcwd\(\)/gm;

/** The global names the notebook's code cells save the working directory in (one scan of each code cell). */
function savedDirectories(cells: readonly LintCell[]): Set<string> {
  const names = new Set<string>();
  for (const lc of cells) {
    if (lc.cell.kind === 'code' && lc.cell.source.includes('getcwd')) {
      for (const m of lc.cell.source.matchAll(SAVED_CWD_GLOBAL)) {
        names.add(m[1]);
      }
    }
  }
  return names;
}

/**
 * Whether the function around a call (or its cell) changes back to a saved working directory: one
 * it saved itself (`cwd = os.getcwd()` ... `os.chdir(cwd)`), or one an earlier cell saved
 * (`base_directory = os.getcwd()` in cell 12, `os.chdir(base_directory)` at the end of cell 16): the
 * change does not outlive it.
 */
function restoresDirectory(
  node: SyntaxNode,
  cell: LintCell,
  saved: () => Set<string>
): boolean {
  let scope: SyntaxNode | null = node.parent;
  while (scope && scope.name !== 'FunctionDefinition') {
    scope = scope.parent;
  }
  const text = scope ? cell.textOf(scope) : cell.text;
  const here = new Set([...text.matchAll(SAVED_CWD)].map(m => m[1]));
  for (const m of text.matchAll(/\bchdir\(\s*(\w+)\s*\)/g)) {
    if (here.has(m[1]) || saved().has(m[1])) {
      return true;
    }
  }
  return false;
}

/** `os.chdir` / `%cd`: every relative path after it depends on how many times the cell ran. */
export default defineRule<Record<string, never>, 'chdir' | 'cdMagic'>({
  meta: {
    code: 'NB110',
    id: 'working-directory-change',
    category: 'reproducibility',
    description:
      'The notebook changes the working directory (os.chdir or %cd), so relative paths depend on execution history.',
    defaultSeverity: 'warning',
    // not in `recommended`: five precision reviews of public notebooks (bench/PRECISION.md)
    // judged 10 of 22 findings true; most others were deliberate changes (a lab that drives a CLI tool from
    // its pipeline folder, a repository root a library reads the working directory from) where
    // reviewers differed on whether anything should change. Teams that want paths from a base
    // directory opt in.
    recommended: false,
    messages: {
      chdir:
        'os.chdir() makes later relative paths depend on which cells ran before; build paths from a base directory (pathlib.Path) instead.',
      cdMagic:
        '%cd makes later relative paths depend on which cells ran before; build paths from a base directory instead.'
    }
  },
  create(context) {
    const aliases = once(() => importAliases(context));
    const saved = once(() => savedDirectories(context.cells));
    const nodes: NodeHandlers = {};
    // only a notebook that names chdir can call os.chdir
    if (notebookMentions(context, 'chdir')) {
      nodes.CallExpression = (node, cell) => {
        if (
          qualify(calleeName(node, cell), aliases()) === 'os.chdir' &&
          !chdirToFixedPlace(node, cell) &&
          !restoresDirectory(node, cell, saved)
        ) {
          context.report({
            messageId: 'chdir',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      };
    }
    return {
      cell(lc) {
        // a line can start `%cd` only if the source holds it (most cells do not)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('%cd')) {
          return;
        }
        const cds = lc.lines.map(line => /^(\s*)%cd\b(.*)$/.exec(line));
        const args = cds.flatMap(m => (m ? [m[2].trim()] : []));
        if (cdLinesReturn(args) || cdLinesFixed(args)) {
          return;
        }
        cds.forEach((m, i) => {
          if (m) {
            const offset = lc.offsetAt({ line: i, column: 0 });
            context.report({
              messageId: 'cdMagic',
              cell: lc.cell,
              from: offset + m[1].length,
              to: offset + m[1].length + 3
            });
          }
        });
      },
      nodes
    };
  }
});
