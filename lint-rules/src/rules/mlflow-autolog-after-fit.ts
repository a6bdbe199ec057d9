import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { notebookRuntime } from '../notebook/runtime';
import {
  callArgs,
  calleeName,
  dottedName,
  enclosingFunction,
  importAliases,
  mentionsMlflow,
  methodCall,
  once,
  qualify
} from './support/syntax';

/** the training methods mlflow.sklearn's autolog patches (its tests' FIT_FUNC_NAMES), and a booster's train */
const TRAINING_METHOD = /^(fit|fit_transform|fit_predict|train)$/;

/**
 * Constructors of preprocessors (`StandardScaler`, `LabelEncoder`, `SimpleImputer`,
 * `DictVectorizer`, `PCA`): fitting one prepares data, it trains no model the notebook means to log.
 * Only from a preprocessing library ({@link PREPROCESSOR_MODULES}): a Keras `Transformer` or an
 * `AutoEncoder` class the notebook defines is a model.
 */
const TRANSFORMER =
  /(?:Scaler|Encoder|Imputer|Vectorizer|Transformer|Binarizer|Normalizer|Discretizer|Selector|Hasher)$|^(?:PCA|IncrementalPCA|KernelPCA|TruncatedSVD|PolynomialFeatures|SelectKBest|SelectPercentile|VarianceThreshold)$/;

/** the libraries whose constructors of those names are preprocessors */
const PREPROCESSOR_MODULES: ReadonlySet<string> = new Set([
  'sklearn',
  'category_encoders',
  'feature_engine',
  'sklearn_pandas',
  'imblearn'
]);

/** whether `ctor`, constructed from `module`, makes a preprocessor */
function isPreprocessor(
  ctor: string | null,
  module: string | undefined
): boolean {
  return (
    ctor !== null &&
    module !== undefined &&
    PREPROCESSOR_MODULES.has(module) &&
    TRANSFORMER.test(ctor)
  );
}

/** the libraries whose training each autolog flavour records (`mlflow.<flavour>.autolog`) */
const FLAVOUR_MODULES: Record<string, readonly string[]> = {
  sklearn: ['sklearn'],
  xgboost: ['xgboost'],
  lightgbm: ['lightgbm'],
  catboost: ['catboost'],
  statsmodels: ['statsmodels'],
  pytorch: ['torch', 'lightning', 'pytorch_lightning'],
  tensorflow: ['tensorflow', 'keras', 'tf_keras'],
  keras: ['keras', 'tensorflow', 'tf_keras'],
  pyspark: ['pyspark'],
  spark: ['pyspark'],
  fastai: ['fastai'],
  paddle: ['paddle'],
  gluon: ['mxnet']
};

/** the last name of a call's callee (`StandardScaler` of `preprocessing.StandardScaler()`), or null */
function constructorName(node: SyntaxNode, cell: LintCell): string | null {
  if (node.name !== 'CallExpression') {
    return null;
  }
  const name = calleeName(node, cell);
  return name === null ? null : name.slice(name.lastIndexOf('.') + 1);
}

/** whether `mlflow.<flavour>.autolog` records training in `module` (unknown either way: yes) */
function recordedBy(flavour: string | null, module: string | null): boolean {
  const modules = flavour === null ? undefined : FLAVOUR_MODULES[flavour];
  return module === null || modules === undefined || modules.includes(module);
}

/**
 * autolog only patches training calls made after it: a fit above it is not recorded. Reported only
 * where no model is trained after the autolog call (then it records nothing the notebook does).
 */
export default defineRule<Record<string, never>, 'afterFit'>({
  meta: {
    code: 'NB509',
    id: 'mlflow-autolog-after-fit',
    category: 'mlflow',
    description:
      'mlflow autolog is enabled after a model was already trained (.fit) above it.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      afterFit:
        '{{callee}}() comes after the .fit() call in cell {{fitCell}}, which is therefore not logged; enable autolog before training.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    // Fabric and Databricks switch autologging on for every notebook (Databricks Autologging,
    // Fabric's default autolog): a fit above an explicit autolog() call is logged there already
    const runtime = notebookRuntime(context.notebook);
    if (runtime === 'fabric' || runtime === 'databricks') {
      return {};
    }
    const aliases = once(() => importAliases(context));
    /** names bound to a constructed object: a preprocessor's, and the library it comes from */
    const built = new Map<
      string,
      { transformer: boolean; module: string | null }
    >();
    /** functions whose body trains a model, and the library that training comes from */
    const trainingDefs = new Map<string, string | null>();
    /** the library a dotted name starts in, through the imports (`xgb.train` -> xgboost) */
    const moduleOf = (path: string | null): string | undefined => {
      const head = path?.split('.')[0];
      return head === undefined
        ? undefined
        : aliases().get(head)?.split('.')[0];
    };
    /**
     * A model's training call: `<model>.fit|fit_transform|fit_predict(...)` with arguments (none
     * for a statsmodels model, whose data came with its constructor) on anything but a
     * preprocessor, a library's `train(...)` (`xgb.train`, `lgb.train`; an object's `.train` is
     * PyTorch's mode switch or a tokenizer's), or a call of a def that trains. Returns the library
     * it comes from where known (null where not), undefined for no training call.
     */
    const trainingTarget = (
      node: SyntaxNode,
      cell: LintCell
    ): string | null | undefined => {
      const call = methodCall(node, cell);
      if (!call) {
        const name = calleeName(node, cell);
        return name !== null && trainingDefs.has(name)
          ? trainingDefs.get(name)
          : undefined;
      }
      const { receiver, method } = call;
      if (!TRAINING_METHOD.test(method)) {
        return undefined;
      }
      const ctor = constructorName(receiver, cell);
      const bound =
        receiver.name === 'VariableName'
          ? built.get(cell.textOf(receiver))
          : undefined;
      const fromModule = moduleOf(
        receiver.name === 'CallExpression'
          ? calleeName(receiver, cell)
          : dottedName(receiver, cell)
      );
      if (isPreprocessor(ctor, fromModule) || bound?.transformer) {
        return undefined;
      }
      const args = callArgs(node, cell);
      if (
        !args.positional.length &&
        !args.keywords.size &&
        !args.hasSplat &&
        (fromModule ?? bound?.module) !== 'statsmodels'
      ) {
        return undefined;
      }
      if (
        fromModule === 'mlflow' ||
        (method === 'train' &&
          (fromModule === undefined || receiver.name === 'CallExpression'))
      ) {
        return undefined;
      }
      return fromModule ?? bound?.module ?? null;
    };
    /** A training call written where it runs (see trainingTarget); in a def, it makes the def one. */
    const trainingCall = (
      node: SyntaxNode,
      cell: LintCell
    ): string | null | undefined => {
      const module = trainingTarget(node, cell);
      if (module === undefined) {
        return undefined;
      }
      // a def's training (its own, or a call of another training def) runs where it is called
      const def = enclosingFunction(node);
      if (def) {
        const name = def.getChild('VariableName');
        if (def.name === 'FunctionDefinition' && name) {
          trainingDefs.set(cell.textOf(name), module);
        }
        return undefined;
      }
      return module;
    };
    /** the first training call that ran before any autolog call (autolog stays on once called) */
    let firstFit: { node: SyntaxNode; cell: LintCell } | null = null;
    let autologSeen = false;
    /**
     * the first autolog after such a fit, reported at the end unless training it records follows
     * it (flavour: `sklearn` of `mlflow.sklearn.autolog`, null for `mlflow.autolog`, every library)
     */
    let late: {
      node: SyntaxNode;
      cell: LintCell;
      callee: string;
      flavour: string | null;
    } | null = null;
    return {
      nodes: {
        AssignStatement(node, cell) {
          const target = node.firstChild;
          const op = target?.nextSibling;
          let value = op?.nextSibling ?? null;
          if (target?.name !== 'VariableName' || op?.name !== 'AssignOp') {
            return;
          }
          const name = cell.textOf(target);
          // `scaler = StandardScaler().fit(X)`: the object is the one constructed
          let call = value ? methodCall(value, cell) : null;
          while (call?.receiver.name === 'CallExpression') {
            value = call.receiver;
            call = methodCall(value, cell);
          }
          const ctor = value ? constructorName(value, cell) : null;
          if (!value || value.nextSibling || ctor === null) {
            built.delete(name);
          } else if (
            call?.method === 'fit' &&
            call.receiver.name === 'VariableName'
          ) {
            // `scaler = scaler.fit(X)`: fit returns the object itself
            const same = built.get(cell.textOf(call.receiver));
            if (same) built.set(name, same);
            else built.delete(name);
          } else {
            const module = moduleOf(calleeName(value, cell));
            built.set(name, {
              transformer: isPreprocessor(ctor, module),
              module: module ?? null
            });
          }
        },
        CallExpression(node, cell) {
          const raw = calleeName(node, cell);
          const callee = qualify(raw, aliases());
          const autolog = callee
            ? /^mlflow\.(?:(\w+)\.)?autolog$/.exec(callee)
            : null;
          if (callee && autolog) {
            // `autolog(disable=True)` switches logging off: nothing it could have missed
            const disable = callArgs(node, cell).keywords.get('disable');
            if (disable && cell.textOf(disable) === 'True') {
              return;
            }
            // only the first autolog can come too late: fits after it are logged
            if (firstFit && !autologSeen) {
              late = {
                node,
                cell,
                callee,
                flavour: autolog[1] || null
              };
            }
            autologSeen = true;
            return;
          }
          const module = trainingCall(node, cell);
          if (module === undefined) {
            return;
          }
          if (!autologSeen) {
            firstFit ??= { node, cell };
          } else if (late && recordedBy(late.flavour, module)) {
            // autolog placed before a training call it records is there for it: the fits above
            // were left untracked on purpose (a baseline, a lesson's "without MLflow" first step)
            late = null;
          }
        }
      },
      notebookExit() {
        if (late && firstFit) {
          context.report({
            messageId: 'afterFit',
            data: {
              callee: late.callee,
              fitCell: firstFit.cell.cell.index + 1
            },
            cell: late.cell.cell,
            node: late.node.firstChild ?? late.node
          });
        }
      }
    };
  }
});
