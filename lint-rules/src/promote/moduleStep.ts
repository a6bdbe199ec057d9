/**
 * Step 9 of planPromotion: the module's new text. The function goes into the existing module
 * text (moduleText.ts merges, renames or refuses on a conflict) with the imports it needs:
 * `from __future__` first, then those carried from earlier cells, then the selection's own;
 * carried imports the body never reads are left out.
 */
import { dedupeImports, isRelative, specFromBinding } from './imports';
import { mergeIntoModule, type ModuleMergeResult } from './moduleText';
import { baseName } from '../notebook/read';
import { refusal, type PlanContext } from './planContext';
import { messageTexts } from './texts';
import type { ImportSpec } from './imports';
import type { PromotionRefusal, PromotionWarning } from './types';

export type MergedModule = Extract<ModuleMergeResult, { ok: true }> & {
  warnings: PromotionWarning[];
};

export function writeModule(
  ctx: Pick<
    PlanContext,
    'nb' | 'bodies' | 'scopeOf' | 'modulePath' | 'request'
  >,
  importsForModule: ImportSpec[],
  functionName: string,
  functionText: (name: string) => string
): MergedModule | PromotionRefusal {
  const { bodies, scopeOf, modulePath, request } = ctx;
  const warnings: PromotionWarning[] = [];
  const selectionImports = bodies.flatMap(b => b.imports).map(specFromBinding);
  const moduleImports = dedupeImports([
    ...selectionImports.filter(s => s.isFuture),
    ...importsForModule,
    ...selectionImports.filter(s => !s.isFuture)
  ]);
  for (const s of moduleImports) {
    if (isRelative(s)) {
      warnings.push({
        code: 'relative-import',
        ...messageTexts({
          id: 'warnRelativeImport',
          data: { module: s.module, path: modulePath }
        })
      });
    }
  }
  // Imports only the module needs: drop those the body never reads (an unused import cell line).
  const bodyReads = new Set(bodies.flatMap(b => scopeOf(b.cell).reads));
  const usedImports = moduleImports.filter(
    s => s.isFuture || bodyReads.has(s.bound) || selectionImports.includes(s)
  );
  const merged = mergeIntoModule({
    existingText: request.existingModuleText,
    moduleDocstring: `Functions promoted from ${baseName(ctx.nb.path)} by nbcraft.`,
    imports: usedImports,
    functionName,
    functionText,
    onConflict: request.onConflict ?? 'fail',
    modulePath
  });
  if (!merged.ok) return refusal([merged.reason]);
  if (merged.action === 'renamed') {
    warnings.push({
      code: 'renamed',
      ...messageTexts({
        id: 'warnRenamed',
        data: {
          path: modulePath,
          name: functionName,
          newName: merged.functionName
        }
      })
    });
  }
  if (merged.action === 'identical') {
    warnings.push({
      code: 'module-up-to-date',
      ...messageTexts({
        id: 'warnModuleUpToDate',
        data: { path: modulePath, name: functionName }
      })
    });
  }
  return { ...merged, warnings };
}
