import type { SyntaxNode } from '@lezer/common';
import { defineRule, type LintCell } from '../engine/types';
import { LOGS_A_RUN, listPaths } from './support/repository';
import {
  calleeName,
  importAliases,
  mentionsMlflow,
  once,
  qualify
} from './support/syntax';

/**
 * A run logged from uncommitted work records a commit that is not the code that ran: the
 * recorded diff helps a reproduction, but no one can check the run's code out or review it.
 * Needs the repository state from the host (the CLI asks git, the lab asks the server).
 */
export default defineRule<Record<string, never>, 'dirty' | 'untracked'>({
  meta: {
    code: 'NB511',
    id: 'mlflow-run-dirty-tree',
    category: 'mlflow',
    description:
      'The notebook logs MLflow runs while its git repository has uncommitted changes, or while the notebook itself is not committed.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      dirty:
        'MLflow runs logged here come from a working tree with uncommitted changes ({{paths}}): a run records the last commit plus a diff, which no one can check out or review. Commit the changes before logging runs you want to keep.',
      untracked:
        'MLflow runs logged here come from a notebook git does not track ({{notebook}}): the commit a run records does not contain this notebook. Add and commit the notebook.'
    },
    dataTerms: {
      notebook: ['this notebook'],
      paths: ['git status lists them']
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const repository = context.repository;
    const aliases = once(() => importAliases(context));
    let first: { node: SyntaxNode; cell: LintCell } | null = null;
    if (!repository?.root) {
      return {}; // unknown, or no repository (mlflow-run-outside-repository says so)
    }
    return {
      nodes: {
        CallExpression(node, cell) {
          if (first) {
            return;
          }
          const callee = qualify(calleeName(node, cell), aliases());
          if (callee && LOGS_A_RUN.test(callee)) {
            first = { node, cell };
          }
        }
      },
      notebookExit() {
        if (!first) {
          return;
        }
        const notebook = repository.notebookPath ?? '';
        if (repository.notebookTracked === false) {
          context.report({
            messageId: 'untracked',
            data: { notebook: notebook || 'this notebook' },
            cell: first.cell.cell,
            node: first.node
          });
        } else if (repository.dirty) {
          const paths = repository.dirtyPaths ?? [];
          context.report({
            messageId: 'dirty',
            data: {
              paths: paths.length ? listPaths(paths) : 'git status lists them'
            },
            cell: first.cell.cell,
            node: first.node
          });
        }
      }
    };
  }
});
