import type { RuleContext } from '../../engine/types';
import {
  importsHalvingEnabler,
  KNOWN_STAR_EXPORTS,
  starImportedNames
} from '../../python/starExports';

/**
 * Adds to `aliases` (support/syntax's importAliases) the names a star import of a module whose
 * names are known binds (scikit-learn's model_selection and ensemble), as if imported by name,
 * where nothing else may bind them: no import names them (already in `aliases`), no cell binds
 * them otherwise (`RandomForestClassifier = smc.RandomForestClassifier`, `def
 * train_test_split(...)`, `del`), no cell above the star import reads them (a call there is not
 * to its names: they are bound only when the star import runs), and no star import of a module
 * whose names are unknown comes at or after it (`from pyspark.ml.classification import *`
 * binds its own RandomForestClassifier over scikit-learn's: Python binds each name of `from m
 * import *` in turn, the last one wins).
 */
export function starImportAliases(
  context: RuleContext,
  aliases: Map<string, string>
): void {
  const scopes = context.cells.map(lc =>
    lc.isPython ? lc.analysis?.scope : undefined
  );
  const stars: { cell: number; at: number; module: string }[] = [];
  scopes.forEach((scope, cell) =>
    scope?.starImports.forEach((module, at) => stars.push({ cell, at, module }))
  );
  if (!stars.some(s => starImportedNames(s.module, true).length)) {
    return;
  }
  const halving = importsHalvingEnabler(
    scopes.flatMap(scope => scope?.imports ?? [])
  );
  const bound = new Set<string>();
  /** name -> the first cell that reads it */
  const firstRead = new Map<string, number>();
  scopes.forEach((scope, cell) => {
    scope?.bound.forEach(n => bound.add(n));
    scope?.deletes.forEach(n => bound.add(n));
    scope?.reads.forEach(n => {
      if (!firstRead.has(n)) firstRead.set(n, cell);
    });
  });
  // the last star import of a module whose names are unknown, found once (`stars` is in cell,
  // then import order): a star import before it is shadowed (testing each against every other
  // took 20k star imports 19.6 s)
  const lastUnknown = stars.reduce(
    (last, s, i) => (KNOWN_STAR_EXPORTS.has(s.module) ? last : i),
    -1
  );
  for (const [i, star] of stars.entries()) {
    if (i < lastUnknown) continue;
    for (const [name, dotted] of starImportedNames(star.module, halving)) {
      if (
        !aliases.has(name) &&
        !bound.has(name) &&
        (firstRead.get(name) ?? Infinity) >= star.cell
      ) {
        aliases.set(name, dotted);
      }
    }
  }
}
