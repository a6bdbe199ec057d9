/**
 * The rule registry: every rule, in code order. A guard test checks that each file in this folder
 * is listed here and has its doc and test table.
 */
import type { Rule } from '../engine/types';
import nonLinearExecution from './non-linear-execution';
import unexecutedCell from './unexecuted-cell';
import useBeforeDefine from './use-before-define';
import undefinedName from './undefined-name';
import unpinnedPipInstall from './unpinned-pip-install';
import absolutePath from './absolute-path';
import missingRandomSeed from './missing-random-seed';
import errorOutput from './error-output';
import unseededGlobalRandom from './unseeded-global-random';
import workingDirectoryChange from './working-directory-change';
import shellPipInstall from './shell-pip-install';
import syntaxError from './syntax-error';
import emptyCell from './empty-cell';
import cellTooLong from './cell-too-long';
import starImport from './star-import';
import unusedImport from './unused-import';
import bareExcept from './bare-except';
import fStringWithoutPlaceholders from './f-string-without-placeholders';
import trailingWhitespace from './trailing-whitespace';
import shadowedBuiltin from './shadowed-builtin';
import comparisonToNone from './comparison-to-none';
import importAfterFirstCell from './import-after-first-cell';
import untitledNotebook from './untitled-notebook';
import copyNotebookName from './copy-notebook-name';
import nonPortableFilename from './non-portable-filename';
import missingTitle from './missing-title';
import notebookTooLong from './notebook-too-long';
import largeOutput from './large-output';
import invalidCellId from './invalid-cell-id';
import databricksToken from './databricks-token';
import azureStorageKey from './azure-storage-key';
import azureSasToken from './azure-sas-token';
import azureClientSecret from './azure-client-secret';
import awsAccessKey from './aws-access-key';
import privateKey from './private-key';
import apiKey from './api-key';
import hardcodedPassword from './hardcoded-password';
import mlflowRunNotEnded from './mlflow-run-not-ended';
import mlflowNoExperiment from './mlflow-no-experiment';
import mlflowHardcodedTrackingUri from './mlflow-hardcoded-tracking-uri';
import mlflowHardcodedCredentials from './mlflow-hardcoded-credentials';
import mlflowModelWithoutSignature from './mlflow-model-without-signature';
import mlflowLatestModelUri from './mlflow-latest-model-uri';
import mlflowStageModelUri from './mlflow-stage-model-uri';
import mlflowSecretParam from './mlflow-secret-param';
import mlflowAutologAfterFit from './mlflow-autolog-after-fit';
import mlflowMetricWithoutStep from './mlflow-metric-without-step';
import mlflowRunDirtyTree from './mlflow-run-dirty-tree';
import mlflowRunOutsideRepository from './mlflow-run-outside-repository';
import databricksUserWorkspacePath from './databricks-user-workspace-path';
import databricksLegacyDbfsPath from './databricks-legacy-dbfs-path';
import databricksPipNotFirst from './databricks-pip-not-first';
import databricksRunDependency from './databricks-run-dependency';
import databricksBrokenMarker from './databricks-broken-marker';
import databricksUnboundedCollect from './databricks-unbounded-collect';

export const allRules: readonly Rule[] = [
  nonLinearExecution,
  unexecutedCell,
  useBeforeDefine,
  undefinedName,
  unpinnedPipInstall,
  absolutePath,
  missingRandomSeed,
  errorOutput,
  unseededGlobalRandom,
  workingDirectoryChange,
  shellPipInstall,
  syntaxError,
  emptyCell,
  cellTooLong,
  starImport,
  unusedImport,
  bareExcept,
  fStringWithoutPlaceholders,
  trailingWhitespace,
  shadowedBuiltin,
  comparisonToNone,
  importAfterFirstCell,
  untitledNotebook,
  copyNotebookName,
  nonPortableFilename,
  missingTitle,
  notebookTooLong,
  largeOutput,
  invalidCellId,
  databricksToken,
  azureStorageKey,
  azureSasToken,
  azureClientSecret,
  awsAccessKey,
  privateKey,
  apiKey,
  hardcodedPassword,
  mlflowRunNotEnded,
  mlflowNoExperiment,
  mlflowHardcodedTrackingUri,
  mlflowHardcodedCredentials,
  mlflowModelWithoutSignature,
  mlflowLatestModelUri,
  mlflowStageModelUri,
  mlflowSecretParam,
  mlflowAutologAfterFit,
  mlflowMetricWithoutStep,
  mlflowRunDirtyTree,
  mlflowRunOutsideRepository,
  databricksUserWorkspacePath,
  databricksLegacyDbfsPath,
  databricksPipNotFirst,
  databricksRunDependency,
  databricksBrokenMarker,
  databricksUnboundedCollect
];

const byKey = new Map<string, Rule>();
for (const rule of allRules) {
  byKey.set(rule.meta.code, rule);
  byKey.set(rule.meta.id, rule);
}

/** A rule by its code (NB101) or id (non-linear-execution). */
export function findRule(key: string): Rule | undefined {
  return byKey.get(key);
}
