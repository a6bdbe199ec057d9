import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  once,
  qualify,
  unparsedCellsMention
} from './support/syntax';

const DRAWS =
  /^(numpy\.random\.(rand|randn|randint|random|random_sample|choice|shuffle|permutation|normal|uniform|binomial|poisson|beta|gamma|exponential)|random\.(random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss)|torch\.(rand|randn|randint|randperm|multinomial|normal))$/;
const SEEDS =
  /(^|\.)(seed|manual_seed|manual_seed_all|set_seed|set_random_seed|seed_everything)$/;

/** Random draws from a global generator that nothing seeds. */
export default defineRule<
  Record<string, never>,
  'unseeded' | 'unseededGenerator'
>({
  meta: {
    code: 'NB109',
    id: 'unseeded-global-random',
    category: 'reproducibility',
    description:
      'Random numbers are drawn from numpy/random/torch global generators and no cell sets a seed.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      unseeded:
        '{{callee}}() draws from a global random generator that no cell seeds; call {{seedCall}} once near the top.',
      unseededGenerator:
        'numpy.random.default_rng() without a seed gives different numbers on each run; pass a seed, e.g. default_rng(42).'
    }
  },
  create(context) {
    const aliases = once(() => importAliases(context));
    let seeded = false;
    const draws: { node: SyntaxNode; cell: LintCell; callee: string }[] = [];
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (!callee) {
            return;
          }
          if (SEEDS.test(callee)) {
            seeded = true;
          } else if (DRAWS.test(callee)) {
            draws.push({ node, cell, callee });
          } else if (/^numpy\.random\.default_rng$/.test(callee)) {
            const args = callArgs(node, cell);
            if (
              !args.positional.length &&
              !args.keywords.has('seed') &&
              !args.hasSplat
            ) {
              context.report({
                messageId: 'unseededGenerator',
                cell: cell.cell,
                node: node.firstChild ?? node
              });
            }
          }
        }
      },
      notebookExit() {
        if (
          seeded ||
          draws.length === 0 ||
          unparsedCellsMention(context, /seed/)
        ) {
          return;
        }
        const first = draws[0];
        const module = first.callee.split('.')[0];
        const seedCall =
          module === 'numpy'
            ? 'np.random.seed(<int>)'
            : module === 'torch'
              ? 'torch.manual_seed(<int>)'
              : 'random.seed(<int>)';
        context.report({
          messageId: 'unseeded',
          data: { callee: first.callee, seedCall },
          cell: first.cell.cell,
          node: first.node.firstChild ?? first.node
        });
      }
    };
  }
});
