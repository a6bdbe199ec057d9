/** The nested scopes of the scope pass (def, lambda, class, comprehension) and their pending uses. */
export type ScopeKind = 'function' | 'lambda' | 'class' | 'comprehension';

export interface PendingUse {
  name: string;
  from: number;
  to: number;
  access: 'read' | 'mutate';
  /** true when it came from a nested scope of the scope now resolving it */
  fromChild: boolean;
  /** inside a def/lambda body: runs later than the statement that defines it */
  deferred: boolean;
  /** in the body of a `try` that catches NameError, in the same function (see NameRef.guarded) */
  guarded: boolean;
  /** inside an annotation (see NameRef.annotation) */
  annotation: boolean;
}

export interface NestedScope {
  kind: ScopeKind;
  parent: NestedScope | null;
  bound: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  uses: PendingUse[];
  deferred: boolean;
}

/** A new nested scope: a def or lambda body runs later than its definition, and so does all inside it. */
export function newScope(
  kind: ScopeKind,
  parent: NestedScope | null
): NestedScope {
  return {
    kind,
    parent,
    bound: new Set(),
    globals: new Set(),
    nonlocals: new Set(),
    uses: [],
    deferred:
      (parent?.deferred ?? false) || kind === 'function' || kind === 'lambda'
  };
}
