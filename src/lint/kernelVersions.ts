/**
 * Pinning `%pip install` lines to what the notebook's kernel has installed: the linter reports a
 * package installed without a version (NB105), the lab asks the running kernel which version of
 * it is installed, and the next lint offers the pinned line as a quick fix (`--pin-from-env` in
 * the CLI). The question is one silent `user_expressions` request: nothing runs in the user's
 * namespace, nothing enters the history, and only names checked here reach the kernel.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Finding } from '@nbcraft/lint-rules';

/** A PEP 508 project name, extras allowed (`scikit-learn`, `ray[tune]`): only these are asked. */
const BARE_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(\[[\w,\s.-]*\])?$/;
/** what a version may hold (PEP 440 and local versions): anything else is not written into a cell */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;

/** PEP 503's normalised project name */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The normalised project names of the unpinned-pip-install findings that have no fix yet (the
 * kernel's version is not known), read from the linted cell sources.
 */
export function unpinnedPackages(
  findings: readonly Finding[],
  cells: readonly { source: string }[]
): string[] {
  const names = new Set<string>();
  for (const f of findings) {
    if (
      f.ruleCode !== 'NB105' ||
      f.messageId !== 'unpinned' ||
      f.fix ||
      f.cell === null ||
      f.start?.line === undefined ||
      f.start.line !== f.end?.line
    ) {
      continue;
    }
    const line = cells[f.cell]?.source.split('\n')[f.start.line] ?? '';
    const text = line.slice(f.start.column, f.end.column);
    if (BARE_NAME.test(text)) {
      names.add(normaliseName(text.split('[')[0]));
    }
  }
  return [...names].sort();
}

/**
 * A Python expression whose value is the JSON of {distribution name: version} for the given
 * normalised names that are installed in the kernel's environment (importlib.metadata).
 */
export function versionsExpression(names: readonly string[]): string {
  const safe = names.filter(n => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(n));
  const wanted = `{${safe.map(n => JSON.stringify(n)).join(', ')}${safe.length === 1 ? ',' : ''}}`;
  return (
    "__import__('json').dumps({d.metadata['Name']: d.version " +
    "for d in __import__('importlib.metadata').metadata.distributions() " +
    "if __import__('re').sub(r'[-_.]+', '-', (d.metadata['Name'] or '').lower()) " +
    `in ${safe.length ? wanted : 'set()'}})`
  );
}

/**
 * The versions from the kernel's `user_expressions` answer (its text/plain is the repr of the
 * JSON string), keyed by normalised name; null when the kernel could not answer.
 */
export function parseVersionsReply(
  result: unknown
): Record<string, string> | null {
  if (typeof result !== 'object' || result === null) {
    return null;
  }
  const r = result as { status?: string; data?: Record<string, unknown> };
  const repr = r.status === 'ok' ? r.data?.['text/plain'] : undefined;
  if (typeof repr !== 'string') {
    return null;
  }
  const m = /^'(.*)'$/s.exec(repr) ?? /^"(.*)"$/s.exec(repr);
  if (!m) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(m[1].replace(/\\(['"\\])/g, '$1'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return null;
  }
  const versions: Record<string, string> = {};
  for (const [name, version] of Object.entries(parsed)) {
    if (typeof version === 'string' && VERSION.test(version)) {
      versions[normaliseName(name)] = version;
    }
  }
  return versions;
}

/** Asks the kernel silently; null when there is no kernel or it could not answer. */
export async function askInstalledVersions(
  kernel: Kernel.IKernelConnection | null | undefined,
  names: readonly string[]
): Promise<Record<string, string> | null> {
  if (!kernel || names.length === 0) {
    return null;
  }
  try {
    const reply = await kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: { nbcraft_versions: versionsExpression(names) }
    }).done;
    if (reply.content.status !== 'ok') {
      return null;
    }
    return parseVersionsReply(reply.content.user_expressions.nbcraft_versions);
  } catch {
    return null;
  }
}
