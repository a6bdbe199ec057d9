/**
 * A notebook's import aliases, shared by every rule that resolves a name to its module
 * (`np.random.seed` -> `numpy.random.seed`): the bound name of each import of every cell, plus
 * the names a star import brings (starAliases.ts), and the one step that qualifies a dotted name
 * through them.
 */
import type { RuleContext } from '../../engine/types';
import { starImportAliases } from './starAliases';

/**
 * Import aliases of the whole notebook: bound name -> qualified module path
 * (`np` -> `numpy`, `start_run` -> `mlflow.start_run`).
 */
const aliasCache = new WeakMap<object, Map<string, string>>();

export function importAliases(context: RuleContext): Map<string, string> {
  // shared by every rule linting the same notebook analysis
  const cached = aliasCache.get(context.analysis);
  if (cached) {
    return cached;
  }
  const aliases = new Map<string, string>();
  aliasCache.set(context.analysis, aliases);
  for (const analysis of context.analysis.perCell.values()) {
    for (const imp of analysis.scope?.imports ?? []) {
      if (imp.name !== undefined) {
        aliases.set(
          imp.bound,
          imp.name === '*' ? imp.module : `${imp.module}.${imp.name}`
        );
      } else if (imp.asName) {
        aliases.set(imp.bound, imp.module);
      } else {
        aliases.set(imp.bound, imp.bound);
      }
    }
  }
  starImportAliases(context, aliases);
  return aliases;
}

// the last name qualified: the rules that subscribe to CallExpression qualify the same callee one
// after the other (calleeName hands them one string)
let qualifiedFrom: string | null = null;
let qualifiedWith: Map<string, string> | null = null;
let qualified: string | null = null;

/**
 * Resolves the first segment of a dotted name through the import aliases (a map that no longer
 * changes, as importAliases returns it: the last result is kept for the same name and map).
 */
export function qualify(
  name: string | null,
  aliases: Map<string, string>
): string | null {
  if (name === null) {
    return null;
  }
  if (name !== qualifiedFrom || aliases !== qualifiedWith) {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const target = aliases.get(head);
    qualified =
      target === undefined ? name : target + (dot < 0 ? '' : name.slice(dot));
    qualifiedFrom = name;
    qualifiedWith = aliases;
  }
  return qualified;
}
