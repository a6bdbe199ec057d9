/**
 * Functions a notebook defines to run somewhere else: a pipeline component's body (Kubeflow
 * Pipelines, Vertex AI Pipelines) is packaged and runs in its own container, not in the kernel
 * (KFP's lightweight Python components: "the function ... is executed in a container", and
 * `func_to_container_op` / `create_component_from_func` / `build_python_component` turn a function
 * into one). What such a body does to its process (`os.chdir` after cloning a repository, round 28:
 * cloudml-energy-price-forecasting) never reaches the notebook.
 *
 * A function is a component when a decorator whose last name says so decorates it
 * (`@dsl.component`, `@component(...)`, `@kfp.v2.dsl.component`, `@dsl.container_component`,
 * `@func_to_container_op`), or when its name is the first argument, positional or by keyword, of
 * a call whose last name says so anywhere in the notebook
 * (`compiler.build_python_component(component_func=run_git_python_script, ...)`,
 * `comp.func_to_container_op(train, base_image=...)`).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { callArgs, calleeName } from './syntax';

/** the last name of a decorator or builder that makes a component of a function */
const COMPONENT_MAKER = /component|container_op/i;

function makesComponent(dotted: string | null): boolean {
  return (
    dotted !== null &&
    COMPONENT_MAKER.test(dotted.slice(dotted.lastIndexOf('.') + 1))
  );
}

/**
 * The names of functions the notebook hands to a component builder: one walk of each code cell
 * that names a builder at all.
 */
export function componentBuilderArguments(
  cells: readonly LintCell[]
): Set<string> {
  const out = new Set<string>();
  for (const lc of cells) {
    const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
    if (!tree || !/component|container_op/i.test(lc.cell.source)) continue;
    tree.iterate({
      enter(ref) {
        if (ref.name !== 'CallExpression') return;
        const call = ref.node;
        if (!makesComponent(calleeName(call, lc))) return;
        const args = callArgs(call, lc);
        const first =
          args.positional.length > 0
            ? args.positional[0]
            : [...args.keywords.values()].find(v => v.name === 'VariableName');
        if (first?.name === 'VariableName') out.add(lc.textOf(first));
      }
    });
  }
  return out;
}

/**
 * Whether `node` sits in the body of a function that runs as a pipeline component (its own or
 * one around it): decorated as one, or named in `handedToBuilder` (componentBuilderArguments).
 */
export function inComponentFunction(
  node: SyntaxNode,
  cell: LintCell,
  handedToBuilder: () => ReadonlySet<string>
): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name !== 'FunctionDefinition') continue;
    const decorated = p.parent?.name === 'DecoratedStatement' ? p.parent : null;
    for (let d = decorated?.firstChild; d; d = d.nextSibling) {
      if (d.name !== 'Decorator') continue;
      if (makesComponent(decoratorName(d, cell))) return true;
    }
    const own = p.getChild('VariableName');
    if (own && handedToBuilder().has(cell.textOf(own))) return true;
  }
  return false;
}

/**
 * A decorator's dotted name (`@dsl.component(base_image=...)`: `dsl.component`): the grammar
 * gives `@`, the name's parts as siblings (`VariableName . VariableName`), then an optional ArgList.
 */
function decoratorName(decorator: SyntaxNode, cell: LintCell): string {
  const args = decorator.getChild('ArgList');
  return cell
    .textOf(decorator)
    .slice(1, args ? args.from - decorator.from : undefined)
    .replace(/#.*/s, '')
    .replace(/\s+/g, '');
}
