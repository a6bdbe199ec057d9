/**
 * Values for the characterization test, asked of the running kernel: the `repr` of the
 * function's inputs and outputs as the kernel holds them now. Only names whose current
 * value is still the one the selection saw are asked for (an input the selection rebinds
 * or mutates, or a name a later cell rebinds, holds another value now); the planner keeps
 * only small literal reprs and otherwise writes a skipped test saying what to supply.
 */
import type { Kernel } from '@jupyterlab/services';
import { analyzeCell, type Notebook } from '@nbcraft/lint-rules';

import type { KernelValues, PromotionPlan } from '@nbcraft/lint-rules';

/** Longest repr asked for; longer values are not test material. */
export const MAX_REPR_LENGTH = 2000;

export interface ValueQuery {
  inputs: string[];
  outputs: string[];
  /** the execution count whose `Out[n]` is the displayed value, when the selection displays one */
  displayedCount: number | null;
}

/** Names bound at top level by the cells after `last`. */
function laterBindings(notebook: Notebook, last: number): Set<string> {
  const bound = new Set<string>();
  for (const cell of notebook.cells.slice(last + 1)) {
    if (cell.kind !== 'code') {
      continue;
    }
    const scope = analyzeCell(cell.source).scope;
    scope?.bound.forEach(name => bound.add(name));
  }
  return bound;
}

/**
 * What to ask the kernel, or null when its values cannot describe the selection (a
 * selected cell never ran, or ran before a cell above it ran again).
 */
export function valueQuery(
  notebook: Notebook,
  plan: PromotionPlan
): ValueQuery | null {
  const selected = plan.cells.map(index => notebook.cells[index]);
  const counts = selected.map(cell => cell.executionCount);
  if (counts.some(count => count === null)) {
    return null;
  }
  const last = Math.max(...plan.cells);
  const rebound = laterBindings(notebook, last);
  const changedBySelection = new Set([...plan.returns, ...plan.mutations]);
  const inputs = plan.params.filter(
    name => !changedBySelection.has(name) && !rebound.has(name)
  );
  const outputs = plan.returns.filter(name => !rebound.has(name));
  const lastCell = notebook.cells[last];
  return {
    inputs,
    outputs,
    displayedCount: plan.displayLast ? lastCell.executionCount : null
  };
}

/**
 * One Python expression giving base64 JSON of `{name: repr}` (base64, so the repr the
 * kernel sends back as text/plain needs no Python string unescaping).
 */
export function valuesExpression(query: ValueQuery): string {
  const names = [...new Set([...query.inputs, ...query.outputs])];
  const items = `{__n: __r for __n in ${JSON.stringify(names)} if __n in globals() for __r in [repr(globals()[__n])] if len(__r) <= ${MAX_REPR_LENGTH}}`;
  const displayed =
    query.displayedCount === null
      ? 'None'
      : `(lambda __o: repr(__o) if __o is not None and len(repr(__o)) <= ${MAX_REPR_LENGTH} else None)(globals().get('Out', {}).get(${query.displayedCount}))`;
  return `__import__('base64').b64encode(__import__('json').dumps({'values': ${items}, 'displayed': ${displayed}}).encode()).decode()`;
}

/** Turn the kernel's text/plain answer back into KernelValues. */
export function parseValuesReply(
  textPlain: string,
  query: ValueQuery
): KernelValues | null {
  const match = /^'([A-Za-z0-9+/=]*)'$/.exec(textPlain.trim());
  if (!match) {
    return null;
  }
  let data: unknown;
  try {
    const bytes = Uint8Array.from(atob(match[1]), ch => ch.charCodeAt(0));
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  const values = (data as { values?: unknown }).values;
  const displayed = (data as { displayed?: unknown }).displayed;
  if (!values || typeof values !== 'object') {
    return null;
  }
  const reprs = values as Record<string, unknown>;
  const pick = (names: string[]) => {
    const out: Record<string, string> = {};
    for (const name of names) {
      const repr = reprs[name];
      if (typeof repr === 'string') {
        out[name] = repr;
      }
    }
    return out;
  };
  return {
    inputs: pick(query.inputs),
    outputs: pick(query.outputs),
    ...(typeof displayed === 'string' ? { displayed } : {})
  };
}

/** Ask an idle kernel; null on any failure (the test is then written as skipped). */
export async function requestKernelValues(
  kernel: Kernel.IKernelConnection,
  query: ValueQuery
): Promise<KernelValues | null> {
  if (
    query.inputs.length + query.outputs.length === 0 &&
    query.displayedCount === null
  ) {
    return null;
  }
  const future = kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { values: valuesExpression(query) }
  });
  const reply = await future.done;
  if (reply.content.status !== 'ok') {
    return null;
  }
  const result = reply.content.user_expressions.values as
    { status?: string; data?: Record<string, unknown> } | undefined;
  const text =
    result?.status === 'ok' ? result.data?.['text/plain'] : undefined;
  return typeof text === 'string' ? parseValuesReply(text, query) : null;
}
