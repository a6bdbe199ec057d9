/**
 * Flow state of the module-level walk: the names bound on every path (definite) and on some path
 * (maybe) so far. One pair of sets, changed in place: while a branch point is open each change
 * is logged, so that a path is undone from the log and the paths are merged over the names they
 * changed alone. (A copy of the whole state per path and a merge over all of it made n branches
 * that bind n names cost n^2: bench/lint-branch-names.js.)
 */

/** the two sets as bits: a logged change is +bit when a name was added to one, -bit when removed */
const DEFINITE = 1;
const MAYBE = 2;

/** a `try` whose handlers start from the definite names of an earlier point (see openTry) */
export interface TryFrame {
  /** the log's length at that point; -1 until it is known */
  frozenAt: number;
}

export class FlowState {
  private readonly definiteNames = new Set<string>();
  private readonly maybeNames = new Set<string>();
  /** the changes since the outermost open branch point (empty when none is open) */
  private readonly logNames: string[] = [];
  private readonly logChanges: number[] = [];
  /** branch points and try frames open */
  private open = 0;
  /** try frames whose handlers' starting point is not known yet, innermost last */
  private readonly pendingTries: TryFrame[] = [];

  /** names bound on every path so far */
  get definite(): ReadonlySet<string> {
    return this.definiteNames;
  }

  /** names bound on some path so far */
  get maybe(): ReadonlySet<string> {
    return this.maybeNames;
  }

  /** A binding: the name is bound on some path, and on every path unless `maybeOnly`. */
  bind(name: string, maybeOnly = false): void {
    this.set(MAYBE, name, true);
    if (!maybeOnly) this.set(DEFINITE, name, true);
  }

  /** A `del` (or an except-as name's end): not bound on every path; on none if `everywhere`. */
  unbind(name: string, everywhere: boolean): void {
    this.set(DEFINITE, name, false);
    if (everywhere) this.set(MAYBE, name, false);
  }

  /** Opens a point where alternative paths start: run each, then `endPath()`; then `merge()`. */
  branch(): BranchPoint {
    this.freezePendingTries();
    this.open++;
    return new BranchPoint(this, this.logNames.length);
  }

  /**
   * Opens a `try` (at module level, with handlers). Its handlers start from the names bound on
   * some path after the try body, and from the names bound on every path at the first branch
   * point met in the body (or nested try's handlers), else at the body's end: the state object
   * the walk held at the `try` was replaced there, and its handlers kept that object's definite
   * names. Kept as it was (findings unchanged).
   */
  openTry(): TryFrame {
    const frame = { frozenAt: -1 };
    this.pendingTries.push(frame);
    this.open++;
    return frame;
  }

  /** After the try body (and else): the branch point whose paths are the handlers. */
  tryHandlers(frame: TryFrame): BranchPoint {
    this.freezePendingTries();
    this.pendingTries.pop();
    const point = this.branch();
    point.closesTry(frame.frozenAt);
    return point;
  }

  /** @internal (BranchPoint) the log's length */
  logLength(): number {
    return this.logNames.length;
  }

  /** @internal (BranchPoint) the name logged at `i` */
  loggedName(i: number): string {
    return this.logNames[i];
  }

  /** @internal (BranchPoint) the change logged at `i` */
  loggedChange(i: number): number {
    return this.logChanges[i];
  }

  /** @internal (BranchPoint) undoes the logged changes down to `mark` */
  undo(mark: number): void {
    const names = this.logNames;
    const changes = this.logChanges;
    for (let i = names.length - 1; i >= mark; i--) {
      const change = changes[i];
      const set =
        Math.abs(change) === DEFINITE ? this.definiteNames : this.maybeNames;
      if (change > 0) set.delete(names[i]);
      else set.add(names[i]);
    }
    names.length = mark;
    changes.length = mark;
  }

  /** @internal (BranchPoint) closes `points` open points; with none left open the log is empty */
  close(points: number): void {
    this.open -= points;
    if (this.open === 0) {
      this.logNames.length = 0;
      this.logChanges.length = 0;
    }
  }

  /** @internal (BranchPoint) sets one name in one set, logged while a point is open */
  set(bit: number, name: string, on: boolean): void {
    const set = bit === DEFINITE ? this.definiteNames : this.maybeNames;
    if (set.has(name) === on) return;
    if (on) set.add(name);
    else set.delete(name);
    if (this.open > 0) {
      this.logNames.push(name);
      this.logChanges.push(on ? bit : -bit);
    }
  }

  /** every try still waiting (a suffix of the stack) starts its handlers from here */
  private freezePendingTries(): void {
    const tries = this.pendingTries;
    for (let i = tries.length - 1; i >= 0 && tries[i].frozenAt < 0; i--)
      tries[i].frozenAt = this.logNames.length;
  }
}

/**
 * What the paths of one branch point left for a name they changed, in one number (no object per
 * name: deep nesting merges the same names at every level): the last path that changed it
 * times 8, plus these bits.
 */
const ON_ALL = 1; // bound on every path that changed it
const ON_ANY = 2; // bound on some path that changed it
const SKIPPED = 4; // some earlier path left it as it was at the start

export class BranchPoint {
  private paths = 0;
  private readonly changed = new Map<string, number>();
  /** a try's handlers: the definite names to reset at each handler's start, and their value */
  private readonly resetNames: string[] = [];
  private readonly resetValues: boolean[] = [];
  private closes = 1;

  constructor(
    private readonly state: FlowState,
    private readonly mark: number
  ) {}

  /** @internal (FlowState.tryHandlers) the handlers' definite names are those at `frozenAt` */
  closesTry(frozenAt: number): void {
    this.closes = 2;
    const first = new Set<string>();
    for (let i = frozenAt; i < this.mark; i++) {
      const name = this.state.loggedName(i);
      const change = this.state.loggedChange(i);
      if (Math.abs(change) !== DEFINITE || first.has(name)) continue;
      first.add(name); // its first change says what it was before
      this.resetNames.push(name);
      this.resetValues.push(change < 0);
    }
  }

  /** A handler starts: definite names as the try's frame says, possible ones as after the body. */
  startHandler(): void {
    for (let i = 0; i < this.resetNames.length; i++)
      this.state.set(DEFINITE, this.resetNames[i], this.resetValues[i]);
  }

  /** One path ran: notes what it changed and undoes it (the next path starts where it did). */
  endPath(): void {
    const path = ++this.paths;
    const state = this.state;
    for (let i = this.mark, end = state.logLength(); i < end; i++) {
      const name = state.loggedName(i);
      const was = this.changed.get(name);
      let bits: number;
      if (was === undefined) bits = ON_ALL | (path > 1 ? SKIPPED : 0);
      else {
        bits = was % 8;
        const last = (was - bits) / 8;
        if (last === path) continue; // logged twice on this path
        if (last !== path - 1) bits |= SKIPPED;
      }
      if (!state.definite.has(name)) bits &= ~ON_ALL;
      if (state.maybe.has(name)) bits |= ON_ANY;
      this.changed.set(name, path * 8 + bits);
    }
    state.undo(this.mark);
  }

  /**
   * The state after one of the paths ran (or none of them, with `orNone`): a name is bound on
   * every path if it is on each outcome, on some path if it is on any. A name no path changed
   * keeps its state.
   */
  merge(orNone: boolean): void {
    const state = this.state;
    state.close(this.closes);
    for (const [name, was] of this.changed) {
      const bits = was % 8;
      let definite = (bits & ON_ALL) !== 0;
      let maybe = (bits & ON_ANY) !== 0;
      if (orNone || bits & SKIPPED || (was - bits) / 8 !== this.paths) {
        // an outcome left it as it was at the start
        definite = definite && state.definite.has(name);
        maybe = maybe || state.maybe.has(name);
      }
      state.set(DEFINITE, name, definite);
      state.set(MAYBE, name, maybe);
    }
  }
}
