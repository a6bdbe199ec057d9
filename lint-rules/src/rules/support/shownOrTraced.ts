/**
 * Where a random value goes that no result depends on (NB109): it is only shown, or it is a
 * dummy input that only gives a model's input its shape.
 * - Traced or exported: `torch.onnx.export(model, args, f)` and `torch.jit.trace(func,
 *   example_inputs)` run the model on the example once to record its graph; the exported graph
 *   holds the operations and the weights, not the example's values (round 28: IBM's ONNX
 *   converter sample, `torch_input = torch.randn(1, 2)`). torchinfo's and torchsummary's
 *   `summary(model, input_size / input_data)` and TensorBoard's `writer.add_graph(model,
 *   input_to_model)` print or draw the layers and shapes; `torch.export.export(mod, args)` too.
 * - Shown: the argument of `print(...)`/`display(...)`, or the data of one matplotlib plot call
 *   (`plt.hist(sample)`): a displayed random sample, whose numbers the page never relies on
 *   (rounds 8, 27, 28: debatable to false).
 * Only a direct argument counts (itself, or an item of a tuple or list argument): a value
 * computed from the draw (`print(model.fit(x).score(x))`) is a result.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

const TRACES =
  /(^|\.)(onnx\.export|jit\.trace|jit\.trace_module|export\.export|add_graph)$|^(torchinfo\.|torchsummary\.)?summary$/;
const SHOWS =
  /^(print|display)$|^(plt|pyplot|matplotlib\.pyplot)\.(hist|plot|scatter|imshow|bar|barh|boxplot|violinplot|hexbin|pie|step|stem)$/;

/** the value at `node` is a direct argument of a call that only traces, exports or shows it */
export function shownOrTraced(node: SyntaxNode, cell: LintCell): boolean {
  let up = node.parent;
  while (up && /^(TupleExpression|ArrayExpression)$/.test(up.name)) {
    up = up.parent;
  }
  const call = up?.name === 'ArgList' ? up.parent : null;
  const callee = call?.firstChild;
  if (call?.name !== 'CallExpression' || !callee) {
    return false;
  }
  const text = cell.textOf(callee).replace(/\s+/g, '');
  return TRACES.test(text) || SHOWS.test(text);
}
