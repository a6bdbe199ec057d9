/**
 * What the lint views show for the library's raw values (categories, severities, places),
 * through the lab's translations. The CLI keeps printing the raw English values.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Finding, RuleCategory, Severity } from '@nbcraft/lint-rules';

export function categoryLabel(
  category: RuleCategory,
  trans: TranslationBundle
): string {
  switch (category) {
    case 'reproducibility':
      return trans.__('Reproducibility');
    case 'code-quality':
      return trans.__('Code quality');
    case 'structure':
      return trans.__('Structure');
    case 'security':
      return trans.__('Security');
    case 'mlflow':
      return trans.__('MLflow');
    case 'databricks':
      return trans.__('Databricks');
    default:
      return category;
  }
}

export function severityLabel(
  severity: Severity,
  trans: TranslationBundle
): string {
  return severity === 'error' ? trans.__('Error') : trans.__('Warning');
}

/** Where a finding is, as the CLI prints it (`cell 3:2:5`), in the user's language. */
export function locationLabel(
  finding: Finding,
  trans: TranslationBundle
): string {
  if (finding.cell === null) {
    return trans.__('notebook');
  }
  return trans.__(
    'cell %1:%2:%3',
    finding.cell + 1,
    (finding.start?.line ?? 0) + 1,
    (finding.start?.column ?? 0) + 1
  );
}
