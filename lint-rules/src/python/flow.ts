/** Flow state of the module-level walk: names bound on every path / on some path so far. */
export interface FlowState {
  definite: Set<string>;
  maybe: Set<string>;
}

export function cloneState(s: FlowState): FlowState {
  return { definite: new Set(s.definite), maybe: new Set(s.maybe) };
}

/** The state after one of several paths ran: bound on all paths / on any path. */
export function mergeStates(states: FlowState[]): FlowState {
  const definite = new Set<string>();
  const maybe = new Set<string>();
  for (const n of states[0].definite)
    if (states.every(s => s.definite.has(n))) definite.add(n);
  for (const s of states) for (const n of s.maybe) maybe.add(n);
  return { definite, maybe };
}
