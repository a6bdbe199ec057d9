/**
 * Which calls NB107 (missing-random-seed) asks for a seed, and by which keyword: the callees
 * that draw at random (by their last dotted name) with the keywords that seed them, the
 * splitters that draw only when they shuffle, Spark ML's trees that draw nothing, and the
 * boosting estimators that seed themselves by default. Tables only; the rule reads them.
 */

/** callee (last dotted segment) -> the keywords that carry its seed */
export const SEEDED: Record<string, string[]> = {
  train_test_split: ['random_state'],
  ShuffleSplit: ['random_state'],
  StratifiedShuffleSplit: ['random_state'],
  GroupShuffleSplit: ['random_state'],
  RandomForestClassifier: ['random_state'],
  RandomForestRegressor: ['random_state'],
  ExtraTreesClassifier: ['random_state'],
  ExtraTreesRegressor: ['random_state'],
  GradientBoostingClassifier: ['random_state'],
  GradientBoostingRegressor: ['random_state'],
  HistGradientBoostingClassifier: ['random_state'],
  HistGradientBoostingRegressor: ['random_state'],
  DecisionTreeClassifier: ['random_state'],
  DecisionTreeRegressor: ['random_state'],
  BaggingClassifier: ['random_state'],
  AdaBoostClassifier: ['random_state'],
  IsolationForest: ['random_state'],
  MLPClassifier: ['random_state'],
  MLPRegressor: ['random_state'],
  SGDClassifier: ['random_state'],
  SGDRegressor: ['random_state'],
  KMeans: ['random_state'],
  MiniBatchKMeans: ['random_state'],
  RandomizedSearchCV: ['random_state'],
  TSNE: ['random_state'],
  make_classification: ['random_state'],
  make_regression: ['random_state'],
  make_blobs: ['random_state'],
  XGBClassifier: ['random_state', 'seed'],
  XGBRegressor: ['random_state', 'seed'],
  XGBRanker: ['random_state', 'seed'],
  LGBMClassifier: ['random_state', 'seed'],
  LGBMRegressor: ['random_state', 'seed'],
  LGBMRanker: ['random_state', 'seed'],
  CatBoostClassifier: ['random_seed', 'random_state'],
  CatBoostRegressor: ['random_seed', 'random_state'],
  randomSplit: ['seed']
};
/**
 * Boosting estimators that seed themselves with a fixed default when the call passes no seed, by
 * library: with their default parameters they sample nothing, so the same data gives the same
 * model. `subsamplingSeeded`: the documented default seeds also drive row and column subsampling,
 * so the call repeats run to run whatever it samples; otherwise it becomes run-dependent with
 * subsampling below 1 (reported as before: no default seed for it is established here).
 */
export const SEEDED_BY_DEFAULT: readonly {
  estimator: RegExp;
  subsamplingSeeded: boolean;
  source: string;
}[] = [
  {
    estimator: /^XGB(Classifier|Regressor|Ranker)$/,
    subsamplingSeeded: false,
    source: 'https://xgboost.readthedocs.io/en/stable/parameter.html (seed)'
  },
  {
    // random_state: "If None, default seeds in C++ code are used": seed=None and bagging_seed=3,
    // feature_fraction_seed=2, data_random_seed=1, drop_seed=4, extra_seed=6, objective_seed=5
    estimator: /^LGBM(Classifier|Regressor|Ranker)$/,
    subsamplingSeeded: true,
    source:
      'https://lightgbm.readthedocs.io/en/latest/pythonapi/lightgbm.LGBMClassifier.html (random_state), https://lightgbm.readthedocs.io/en/latest/Parameters.html (bagging_seed, feature_fraction_seed, ...)'
  },
  {
    estimator: /^CatBoost(Classifier|Regressor)$/,
    subsamplingSeeded: false,
    source:
      'https://catboost.ai/docs/en/references/training-parameters/common (random_seed)'
  }
];
export const SUBSAMPLING =
  /^(subsample|colsample_by(tree|level|node)|bagging_fraction|feature_fraction|rsm)$/;
/** splitters that only need a seed when they shuffle */
export const SHUFFLE_ONLY = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'RepeatedKFold'
]);

/**
 * Spark ML's estimators of the same names (`pyspark.ml.regression.DecisionTreeRegressor`) take
 * `seed=`, not `random_state=`; a single decision tree there uses every feature and every row
 * (no bootstrap), so it has no randomness to seed.
 */
export const SPARK_UNRANDOM = /^DecisionTree(Classifier|Regressor)$/;

/** every callee the rule may look at without extraCallees (SEEDED's and SHUFFLE_ONLY's) */
export const KNOWN_CALLEES = new Set([...Object.keys(SEEDED), ...SHUFFLE_ONLY]);
