/**
 * SARIF 2.1.0 for GitHub code scanning: rule metadata in tool.driver.rules, results located at
 * the real line/column of the notebook file, partialFingerprints that survive unrelated edits.
 */
import { docsUrl } from '../engine/types';
import { errorText, fingerprints } from './location';
import { jsonCiSafe } from './ciSafe';
import type { Formatter } from './types';

const SECURITY_SEVERITY: Record<string, string> = {
  security: '8.0',
  mlflow: '5.0'
};

function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export const sarif: Formatter = (results, context) => {
  const rules = context.rules;
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const sarifResults: unknown[] = [];
  const notifications: unknown[] = [];
  for (const r of results) {
    const uri = artifactUri(r.path);
    if (r.error) {
      notifications.push({
        level: 'error',
        message: { text: `${r.path}: ${errorText(r)}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              ...(r.error.line !== undefined
                ? {
                    region: {
                      startLine: r.error.line,
                      startColumn: r.error.column ?? 1
                    }
                  }
                : {})
            }
          }
        ]
      });
      continue;
    }
    const prints = fingerprints(r);
    r.findings.forEach((f, i) => {
      sarifResults.push({
        ruleId: f.ruleCode,
        ruleIndex: ruleIndex.get(f.ruleCode),
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              region: {
                startLine: f.file.line,
                startColumn: f.file.column,
                endLine: f.file.endLine,
                endColumn: Math.max(
                  f.file.endColumn,
                  f.file.line === f.file.endLine ? f.file.column + 1 : 1
                )
              }
            },
            ...(f.cell !== null
              ? {
                  logicalLocations: [
                    { name: `cell ${f.cell + 1}`, kind: 'module' }
                  ]
                }
              : {})
          }
        ],
        partialFingerprints: { 'nbcraftFinding/v1': prints[i] },
        properties: {
          ...(f.cell !== null ? { cell: f.cell + 1 } : {}),
          ...(f.cellId ? { cellId: f.cellId } : {}),
          ...(f.start
            ? { cellLine: f.start.line + 1, cellColumn: f.start.column + 1 }
            : {})
        }
      });
    });
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nbcraft',
            version: context.version,
            semanticVersion: context.version,
            informationUri: 'https://github.com/nbcraft/nbcraft',
            rules: rules.map(m => ({
              id: m.code,
              name: m.id,
              shortDescription: { text: m.description },
              fullDescription: { text: m.description },
              helpUri: docsUrl(m.id),
              help: {
                text: `${m.description} See ${docsUrl(m.id)}`,
                markdown: `${m.description} [Documentation](${docsUrl(m.id)})`
              },
              defaultConfiguration: {
                level: m.defaultSeverity === 'error' ? 'error' : 'warning'
              },
              properties: {
                // SARIF tags are unique; "security" (the category) is what code scanning reads
                tags: ['notebook', m.category],
                precision: m.category === 'security' ? 'high' : 'medium',
                ...(SECURITY_SEVERITY[m.category]
                  ? { 'security-severity': SECURITY_SEVERITY[m.category] }
                  : {})
              }
            }))
          }
        },
        ...(context.cwd
          ? {
              originalUriBaseIds: {
                '%SRCROOT%': {
                  uri: `file://${context.cwd.startsWith('/') ? '' : '/'}${context.cwd.replace(/\/?$/, '/')}`
                }
              }
            }
          : {}),
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            toolExecutionNotifications: notifications
          }
        ],
        results: sarifResults
      }
    ]
  };
  return jsonCiSafe(JSON.stringify(log, null, 2)) + '\n';
};
