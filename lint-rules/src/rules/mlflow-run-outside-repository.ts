import type { SyntaxNode } from '@lezer/common';
import { defineRule, type LintCell } from '../engine/types';
import {
  LOGS_A_RUN,
  locatePath,
  PATH_KEYWORDS,
  READS_A_FILE
} from './support/repository';
import {
  callArgs,
  calleeName,
  importAliases,
  mentionsMlflow,
  once,
  qualify,
  stringValue
} from './support/syntax';

/** `open(path, "w")`: a write, not a read */
function writes(call: SyntaxNode, cell: LintCell): boolean {
  const args = callArgs(call, cell);
  const mode = args.keywords.get('mode') ?? args.positional.at(1);
  const value = mode ? stringValue(mode, cell) : null;
  return value !== null && /[wax]/.test(value);
}

/**
 * A run that reads data git does not version, or a notebook in no repository at all, cannot
 * be re-created from a commit: a reproduction can only check that the file is unchanged.
 * Needs the repository state from the host (the CLI asks git, the lab asks the server).
 */
export default defineRule<
  Record<string, never>,
  'noRepository' | 'outsideFile'
>({
  meta: {
    code: 'NB512',
    id: 'mlflow-run-outside-repository',
    category: 'mlflow',
    description:
      'The notebook logs MLflow runs but is in no git repository, or reads data files from outside its repository.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      noRepository:
        'MLflow runs logged here record no commit: the notebook is in no git repository, so a run cannot be reproduced from its code. Put the notebook in a git repository.',
      outsideFile:
        'The MLflow runs of this notebook read "{{path}}", which is outside the repository ({{root}}): git does not version it, so a reproduction can only check that it is unchanged. Keep the data in the repository (or version it with DVC or LFS), or log it as an artifact.'
    }
  },
  create(context) {
    // no call can qualify to mlflow.* in a notebook whose text never says mlflow: nothing to find
    if (!mentionsMlflow(context)) {
      return {};
    }
    const repository = context.repository;
    const aliases = once(() => importAliases(context));
    let firstLog: { node: SyntaxNode; cell: LintCell } | null = null;
    const reads: { node: SyntaxNode; cell: LintCell; path: string }[] = [];
    if (!repository) {
      return {}; // the host does not know: stay quiet
    }
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (!callee) {
            return;
          }
          if (LOGS_A_RUN.test(callee)) {
            firstLog ??= { node, cell };
            return;
          }
          if (!repository.root || !READS_A_FILE.test(callee)) {
            return;
          }
          if (/(^|\.)open$/.test(callee) && writes(node, cell)) {
            return;
          }
          const args = callArgs(node, cell);
          const keyword = [...args.keywords.entries()].find(([k]) =>
            PATH_KEYWORDS.has(k)
          );
          const arg = args.positional.at(0) ?? keyword?.[1];
          const path = arg ? stringValue(arg, cell) : null;
          if (arg && path !== null) {
            reads.push({ node: arg, cell, path });
          }
        }
      },
      notebookExit() {
        if (!firstLog) {
          return;
        }
        if (!repository.root) {
          context.report({
            messageId: 'noRepository',
            cell: firstLog.cell.cell,
            node: firstLog.node
          });
          return;
        }
        for (const read of reads) {
          const where = locatePath(read.path, repository);
          if (where && !where.inside) {
            context.report({
              messageId: 'outsideFile',
              data: { path: read.path, root: repository.root },
              cell: read.cell.cell,
              node: read.node
            });
          }
        }
      }
    };
  }
});
