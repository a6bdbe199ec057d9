import { defineRule } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  once,
  qualify
} from './support/syntax';

/**
 * Flavors that infer a signature themselves when none is given: a transformers pipeline's from its
 * task, sentence-transformers' default (strings in, embeddings out). MLflow docs: "Automatic
 * Signature inference" in the transformers guide; `mlflow.sentence_transformers.save_model`.
 */
const INFERS_SIGNATURE = new Set([
  'mlflow.transformers.log_model',
  'mlflow.sentence_transformers.log_model'
]);

/**
 * The model argument of a flavor's `log_model`: its first parameter (`sk_model`, `pytorch_model`,
 * `xgb_model`, `lgb_model`, `spark_model`, `model`, ... in MLflow 2 and 3, e.g.
 * `mlflow.sklearn.log_model(sk_model, artifact_path=None, ...)`), positional or by keyword.
 */
const MODEL_KEYWORD = /^(?:\w+_)?model$|^fastai_learner$/;

/**
 * A flavor's model given as the literal `None` (`sk_model=None  # placeholder`): no model is
 * logged, so there is nothing for a signature to describe (`infer_signature` describes a model's
 * inputs and outputs). Not `mlflow.pyfunc.log_model`, whose `python_model=None` is the
 * `loader_module` workflow: that model is real and still has inputs.
 */
function logsNoModel(
  callee: string,
  args: ReturnType<typeof callArgs>
): boolean {
  if (callee === 'mlflow.pyfunc.log_model') {
    return false;
  }
  const model =
    args.positional.at(0) ??
    [...args.keywords].find(([name]) => MODEL_KEYWORD.test(name))?.[1];
  return model?.name === 'None';
}

/** A model logged without a signature or input example cannot be validated or served safely (and Unity Catalog refuses it). */
export default defineRule<Record<string, never>, 'noSignature'>({
  meta: {
    code: 'NB505',
    id: 'mlflow-model-without-signature',
    category: 'mlflow',
    description:
      'mlflow.<flavor>.log_model() is called without signature= or input_example=.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      noSignature:
        '{{callee}}() without signature= or input_example=: serving cannot check inputs and Unity Catalog rejects the model. Pass input_example=X[:5] (the signature is inferred) or signature=infer_signature(X, y).'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (
            !callee ||
            !/^mlflow\.\w+\.log_model$/.test(callee) ||
            INFERS_SIGNATURE.has(callee)
          ) {
            return;
          }
          const args = callArgs(node, cell);
          if (
            args.hasSplat ||
            args.keywords.has('signature') ||
            args.keywords.has('input_example') ||
            logsNoModel(callee, args)
          ) {
            return;
          }
          context.report({
            messageId: 'noSignature',
            data: { callee },
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      }
    };
  }
});
