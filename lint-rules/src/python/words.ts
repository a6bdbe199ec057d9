/** Word lists of the scope pass: method names, magics and built-ins it treats specially. */
/**
 * Method names that change their receiver in place. A call `x.m(...)` with m in this list marks
 * `x` as mutated. Chosen for notebook code: Python containers (list, dict, set, bytearray),
 * scikit-learn style estimators (fit* trains the object), pandas/numpy in-place helpers.
 * Any call with `inplace=True` also mutates its receiver; so does a method ending in a single
 * `_` (the PyTorch in-place convention: `t.add_(1)`, `w.zero_()`).
 */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  // list / bytearray
  'append',
  'extend',
  'insert',
  'remove',
  'pop',
  'clear',
  'sort',
  'reverse',
  // dict
  'update',
  'popitem',
  'setdefault',
  // set
  'add',
  'discard',
  'difference_update',
  'intersection_update',
  'symmetric_difference_update',
  // estimators (scikit-learn, xgboost, lightgbm, keras-style)
  'fit',
  'partial_fit',
  'fit_transform',
  'fit_predict',
  'fit_resample',
  'compile',
  // numpy / pandas objects changed in place
  'fill',
  'resize',
  'put',
  'itemset',
  'setflags',
  'set_axis_inplace',
  // special methods
  '__setitem__',
  '__delitem__',
  '__iadd__'
]);

/** Cell magics that run their Python body in another process (the script magics). */
export const SEPARATE_PROCESS_MAGICS: ReadonlySet<string> = new Set([
  'python',
  'python2',
  'python3',
  'pypy'
]);

/**
 * Calls that read or write names the scope pass cannot see. Not `__import__`: it binds no name
 * ("The standard implementation does not use its locals argument at all and uses its globals
 * only to determine the package context of the import statement", the Python library reference,
 * Built-in Functions, `__import__`); `m = __import__("x")` binds `m` as any assignment does, and
 * only in a cell that calls `setattr` (DYNAMIC_BINDERS) or stores into a `__dict__` or
 * `sys.modules` can its module become a global the pass cannot see (python/mutation.ts).
 */
export const EXEC_NAMES: ReadonlySet<string> = new Set([
  'exec',
  'eval',
  'globals',
  'locals',
  'vars'
]);

/** Calls whose argument may be bound under a computed name: `setattr(module, name, value)` */
export const DYNAMIC_BINDERS: ReadonlySet<string> = new Set(['setattr']);
