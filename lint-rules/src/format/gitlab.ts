/** GitLab Code Quality report (Code Climate JSON subset) with real file lines. */
import { errorText, fingerprints, hash64 } from './location';
import { jsonCiSafe } from './ciSafe';
import type { Formatter } from './types';

export const gitlab: Formatter = results => {
  const issues: unknown[] = [];
  for (const r of results) {
    if (r.error) {
      issues.push({
        type: 'issue',
        description: `Unreadable notebook: ${errorText(r)}`,
        check_name: 'unreadable',
        fingerprint: hash64(`unreadable\u0000${r.path}`),
        severity: 'blocker',
        categories: ['Bug Risk'],
        location: { path: r.path, lines: { begin: r.error.line ?? 1 } }
      });
      continue;
    }
    const prints = fingerprints(r);
    r.findings.forEach((f, i) => {
      issues.push({
        type: 'issue',
        description: `${f.ruleCode} [${f.ruleId}] ${f.message}${f.cell !== null ? ` (cell ${f.cell + 1})` : ''}`,
        check_name: f.ruleId,
        fingerprint: prints[i],
        severity: f.severity === 'error' ? 'major' : 'minor',
        categories: [
          f.category === 'security'
            ? 'Security'
            : f.category === 'code-quality'
              ? 'Style'
              : 'Bug Risk'
        ],
        location: {
          path: r.path,
          lines: { begin: f.file.line, end: f.file.endLine }
        }
      });
    });
  }
  return jsonCiSafe(JSON.stringify(issues, null, 2)) + '\n';
};
