/**
 * What a star import of a known module binds, so a name it does not bind is still undefined
 * after it. numpy and matplotlib's pylab: `%pylab` runs `from numpy import *` and `from
 * matplotlib.pylab import *` (IPython.core.pylabtools.import_pylab). One table: the union of what the two star imports
 * bind with numpy 2.4.6 and matplotlib 3.11.2, and `from numpy import *` with numpy 1.26.4 (the
 * NumPy 1 aliases, `NaN`, `float_`, ..., that old %pylab notebooks use). Made with, for each
 * version: `python -c "ns = {}; exec('from numpy import *', ns); exec('from matplotlib.pylab
 * import *', ns); print(' '.join(sorted(set(ns) - {'__builtins__'})))"` (MPLBACKEND=Agg).
 * Names outside it (older matplotlib's mlab helpers) read as undefined after %pylab.
 */
const NUMPY_AND_PYLAB: ReadonlySet<string> = new Set(
  (
    'ALLOW_THREADS AbstractContextManager Annotation Arrow Artist AutoLocator AxLine Axes ' +
    'AxisError BUFSIZE BackendFilter BitGenerator Button CLIP Circle Colorizer ColorizingArtist ' +
    'Colormap ComplexWarning DAILY DataSource DateFormatter DateLocator DayLocator ERR_CALL ' +
    'ERR_DEFAULT ERR_IGNORE ERR_LOG ERR_PRINT ERR_RAISE ERR_WARN Enum ExitStack ' +
    'FLOATING_POINT_SUPPORT FPE_DIVIDEBYZERO FPE_INVALID FPE_OVERFLOW FPE_UNDERFLOW FR False_ ' +
    'Figure FigureBase FigureCanvasBase FigureManagerBase FixedFormatter FixedLocator ' +
    'FormatStrFormatter Formatter FuncFormatter Generator GridSpec HOURLY HourLocator IO ' +
    'IndexLocator Inf Infinity LinAlgError Line2D LinearLocator Locator LogFormatter ' +
    'LogFormatterExponent LogFormatterMathtext LogLocator MAXDIMS MAY_SHARE_BOUNDS ' +
    'MAY_SHARE_EXACT MINUTELY MO MONTHLY MT19937 MaxNLocator MinuteLocator ' +
    'ModuleDeprecationWarning MonthLocator MouseButton MultipleLocator NAN NINF NZERO NaN ' +
    'Normalize NullFormatter NullLocator PCG64 PCG64DXSM PINF PZERO Philox PolarAxes Polygon ' +
    'RAISE RRuleLocator RandomState RankWarning Rectangle SA SECONDLY SFC64 SHIFT_DIVIDEBYZERO ' +
    'SHIFT_INVALID SHIFT_OVERFLOW SHIFT_UNDERFLOW SU ScalarFormatter ScalarType SecondLocator ' +
    'SeedSequence Slider Subplot SubplotSpec TH TU TYPE_CHECKING Text TickHelper TooHardError ' +
    'True_ UFUNC_BUFSIZE_DEFAULT UFUNC_PYVALS_NAME VisibleDeprecationWarning WE WEEKLY WRAP ' +
    'WeekdayLocator Widget YEARLY YearLocator _UFUNC_API __array_namespace_info__ __version__ ' +
    '_add_newdoc_ufunc _get_promotion_state _no_nep50_warning _set_promotion_state ' +
    '_using_numpy2_behavior abs absolute acorr acos acosh add add_docstring add_newdoc ' +
    'add_newdoc_ufunc all allclose alltrue amax amin angle angle_spectrum annotate annotations ' +
    'any append apply_along_axis apply_over_axes arange arccos arccosh arcsin arcsinh arctan ' +
    'arctan2 arctanh argmax argmin argpartition argsort argwhere around array array2string ' +
    'array_equal array_equiv array_repr array_split array_str arrow asanyarray asarray ' +
    'asarray_chkfinite ascontiguousarray asfarray asfortranarray asin asinh asmatrix astype atan ' +
    'atan2 atanh atleast_1d atleast_2d atleast_3d autoscale autumn available_backends average ' +
    'axes axhline axhspan axis axline axvline axvspan backend_registry bar bar_label barbs barh ' +
    'bartlett base_repr beta binary_repr bincount binomial bitwise_and bitwise_count ' +
    'bitwise_invert bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor ' +
    'blackman block bmat bone bool bool_ box boxplot broadcast broadcast_arrays broadcast_shapes ' +
    'broadcast_to broken_barh busday_count busday_offset busdaycalendar byte byte_bounds bytes ' +
    'bytes_ c_ can_cast cast cbook cbrt cdouble ceil cfloat char character chararray chisquare ' +
    'choice cholesky choose cla clabel clf clim clip clongdouble clongfloat close cm cohere ' +
    'color_sequences colorbar colormaps column_stack common_type compare_chararrays complex128 ' +
    'complex256 complex64 complex_ complexfloating compress concat concatenate cond conj ' +
    'conjugate connect contour contourf convolve cool copper copy copysign copyto core corrcoef ' +
    'correlate cos cosh count_nonzero cov cross csd csingle ctypeslib cumprod cumproduct cumsum ' +
    'cumulative_prod cumulative_sum cycler date2num datestr2num datetime datetime64 ' +
    'datetime_as_string datetime_data default_rng deg2rad degrees delaxes delete deprecate ' +
    'deprecate_with_doc det detrend detrend_linear detrend_mean detrend_none diag diag_indices ' +
    'diag_indices_from diagflat diagonal diff digitize dirichlet disconnect disp divide divmod ' +
    'dot double drange draw draw_all draw_if_interactive dsplit dstack dtype dtypes e ecdf ' +
    'ediff1d eig eigh eigvals eigvalsh einsum einsum_path emath empty empty_like equal errorbar ' +
    'errstate euler_gamma eventplot exceptions exp exp2 expand_dims expm1 exponential extract eye ' +
    'f f2py fabs fastCopyAndTranspose fft fft2 fftfreq fftn fftshift figaspect figimage figlegend ' +
    'fignum_exists figtext figure fill fill_between fill_betweenx fill_diagonal find_common_type ' +
    'findobj finfo fix flag flatiter flatnonzero flatten flexible flip fliplr flipud float128 ' +
    'float16 float32 float64 float_ float_power floating floor floor_divide fmax fmin fmod ' +
    'format_float_positional format_float_scientific format_parser frexp from_dlpack frombuffer ' +
    'fromfile fromfunction fromiter frompyfunc fromregex fromstring full full_like functools ' +
    'gamma gca gcd gcf gci generic genfromtxt geometric geomspace get get_array_wrap get_backend ' +
    'get_cmap get_current_fig_manager get_figlabels get_fignums get_include get_plot_commands ' +
    'get_printoptions get_scale_names get_state getbufsize geterr geterrcall geterrobj getp ' +
    'ginput gradient gray greater greater_equal grid grouped_bar gumbel half hamming hanning ' +
    'heaviside hexbin hfft hist hist2d histogram histogram2d histogram_bin_edges histogramdd ' +
    'hlines hot hsplit hstack hsv hypergeometric hypot i0 identity ifft ifft2 ifftn ifftshift ' +
    'ihfft iinfo imag importlib imread imsave imshow in1d index_exp indices inexact inf inferno ' +
    'info infty inner insert inspect install_repl_displayhook int16 int32 int64 int8 int_ intc ' +
    'integer interactive interp intersect1d intp inv invert ioff ion irfft irfft2 irfftn ' +
    'is_busday isclose iscomplex iscomplexobj isdtype isfinite isfortran isin isinf isinteractive ' +
    'isnan isnat isneginf isposinf isreal isrealobj isscalar issctype issubclass_ issubdtype ' +
    'issubsctype iterable ix_ jet kaiser kron laplace lcm ldexp left_shift legend less less_equal ' +
    'lexsort lib linalg linspace little_endian load loadtxt locator_params log log10 log1p log2 ' +
    'logaddexp logaddexp2 logging logical_and logical_not logical_or logical_xor logistic loglog ' +
    'lognormal logseries logspace long longcomplex longdouble longfloat longlong lookfor lstsq ma ' +
    'magma magnitude_spectrum margins mask_indices mat matmul matplotlib matrix matrix_norm ' +
    'matrix_power matrix_rank matrix_transpose matshow matvec max maximum maximum_sctype ' +
    'may_share_memory mean median memmap meshgrid mgrid min min_scalar_type minimum ' +
    'minorticks_off minorticks_on mintypecode mlab mod modf moveaxis mpl msort multi_dot ' +
    'multinomial multiply multivariate_normal nan nan_to_num nanargmax nanargmin nancumprod ' +
    'nancumsum nanmax nanmean nanmedian nanmin nanpercentile nanprod nanquantile nanstd nansum ' +
    'nanvar nbytes ndarray ndenumerate ndim ndindex nditer negative negative_binomial ' +
    'nested_iters new_figure_manager newaxis nextafter nipy_spectral noncentral_chisquare ' +
    'noncentral_f nonzero norm normal not_equal np num2date number obj2sctype object_ ogrid ones ' +
    'ones_like outer overload packbits pad pareto partition pause pcolor pcolormesh percentile ' +
    'permutation permute_dims phase_spectrum pi pie pie_label piecewise pink pinv place plasma ' +
    'plot plt poisson polar poly poly1d polyadd polyder polydiv polyfit polyint polymul ' +
    'polynomial polysub polyval positive pow power printoptions prism prod product promote_types ' +
    'psd ptp put put_along_axis putmask qr quantile quiver quiverkey r_ rad2deg radians rand ' +
    'randint randn random random_integers random_sample ranf ravel ravel_multi_index rayleigh rc ' +
    'rcParams rcParamsDefault rcParamsOrig rc_context rcdefaults rcsetup real real_if_close rec ' +
    'recarray recfromcsv recfromtxt reciprocal record relativedelta remainder repeat ' +
    'requested_backend require reshape resize result_type rfft rfft2 rfftfreq rfftn rgrids ' +
    'right_shift rint roll rollaxis roots rot90 round round_ row_stack rrule s_ safe_eval sample ' +
    'save savefig savetxt savez savez_compressed sca scatter sci sctype2char sctypeDict sctypes ' +
    'searchsorted seed select semilogx semilogy set_cmap set_loglevel set_numeric_ops ' +
    'set_printoptions set_state set_string_function setbufsize setdiff1d seterr seterrcall ' +
    'seterrobj setp setxor1d shape shares_memory short show show_config show_runtime shuffle sign ' +
    'signbit signedinteger silent_list sin sinc single singlecomplex sinh size slogdet solve ' +
    'sometrue sort sort_complex source spacing specgram split spring spy sqrt square squeeze ' +
    'stack stackplot stairs standard_cauchy standard_exponential standard_gamma standard_normal ' +
    'standard_t std stem step str_ streamplot string_ strings style subplot subplot2grid ' +
    'subplot_mosaic subplot_tool subplots subplots_adjust subtract sum summer suptitle svd ' +
    'svdvals swapaxes switch_backend sys table take take_along_axis tan tanh tensordot tensorinv ' +
    'tensorsolve test testing text thetagrids threading tick_params ticklabel_format tight_layout ' +
    'tile time timedelta64 title trace tracemalloc_domain transpose trapezoid trapz tri ' +
    'triangular tricontour tricontourf tril tril_indices tril_indices_from trim_zeros tripcolor ' +
    'triplot triu triu_indices triu_indices_from true_divide trunc twinx twiny typecodes typename ' +
    'typing ubyte ufunc uint uint16 uint32 uint64 uint8 uintc uintp ulong ulonglong unicode_ ' +
    'uniform uninstall_repl_displayhook union1d unique unique_all unique_counts unique_inverse ' +
    'unique_values unpackbits unravel_index unsignedinteger unstack unwrap ushort vander var vdot ' +
    'vecdot vecmat vector_norm vectorize violinplot viridis vlines void vonmises vsplit vstack ' +
    'waitforbuttonpress wald weibull where who window_hanning window_none winter xcorr xkcd ' +
    'xlabel xlim xscale xticks ylabel ylim yscale yticks zeros zeros_like zipf'
  ).split(' ')
);

/**
 * scikit-learn's two modules notebooks star-import for their estimators and splitters: each
 * module's own `__all__` (what `from m import *` binds, Python reference 7.11), with
 * scikit-learn 1.9.1: `python -c "from sklearn.experimental import enable_halving_search_cv; ns
 * = {}; exec('from sklearn.model_selection import *', ns); print(' '.join(sorted(set(ns) -
 * {'__builtins__'})))"` (and `sklearn.ensemble`); plus `fit_grid_point`, in model_selection's
 * `__all__` until scikit-learn 1.0. Less HALVING_SEARCH, which the command's enabler adds.
 */
const SKLEARN_MODEL_SELECTION: ReadonlySet<string> = new Set(
  (
    'BaseCrossValidator BaseShuffleSplit FixedThresholdClassifier GridSearchCV GroupKFold ' +
    'GroupShuffleSplit KFold LearningCurveDisplay ' +
    'LeaveOneGroupOut LeaveOneOut LeavePGroupsOut LeavePOut ParameterGrid ParameterSampler ' +
    'PredefinedSplit RandomizedSearchCV RepeatedKFold RepeatedStratifiedKFold ShuffleSplit ' +
    'StratifiedGroupKFold StratifiedKFold StratifiedShuffleSplit TimeSeriesSplit ' +
    'TunedThresholdClassifierCV ValidationCurveDisplay check_cv cross_val_predict ' +
    'cross_val_score cross_validate fit_grid_point learning_curve permutation_test_score ' +
    'train_test_split validation_curve'
  ).split(' ')
);
const SKLEARN_ENSEMBLE: ReadonlySet<string> = new Set(
  (
    'AdaBoostClassifier AdaBoostRegressor BaggingClassifier BaggingRegressor BaseEnsemble ' +
    'ExtraTreesClassifier ExtraTreesRegressor GradientBoostingClassifier ' +
    'GradientBoostingRegressor HistGradientBoostingClassifier HistGradientBoostingRegressor ' +
    'IsolationForest RandomForestClassifier RandomForestRegressor RandomTreesEmbedding ' +
    'StackingClassifier StackingRegressor VotingClassifier VotingRegressor'
  ).split(' ')
);

/**
 * The modules whose table is their own `__all__`, so a name it binds is `module.name` (numpy and
 * pylab share one table of two modules, which does not tell where a name comes from).
 */
const OWN_EXPORTS = new Set(['sklearn.model_selection', 'sklearn.ensemble']);

/** module -> the names `from module import *` binds (a module not here: unknown names) */
export const KNOWN_STAR_EXPORTS: ReadonlyMap<
  string,
  ReadonlySet<string>
> = new Map([
  ['numpy', NUMPY_AND_PYLAB],
  ['matplotlib.pylab', NUMPY_AND_PYLAB],
  ['pylab', NUMPY_AND_PYLAB],
  ['sklearn.model_selection', SKLEARN_MODEL_SELECTION],
  ['sklearn.ensemble', SKLEARN_ENSEMBLE]
]);

/**
 * scikit-learn's successive-halving searches are in `sklearn.model_selection.__all__` only once
 * `sklearn.experimental.enable_halving_search_cv` is imported: that module does
 * `model_selection.__all__ += ["HalvingGridSearchCV", "HalvingRandomSearchCV"]`
 * (scikit-learn's sklearn/experimental/enable_halving_search_cv.py). Without it the star import
 * binds neither, and using one is a NameError.
 */
const HALVING_SEARCH: ReadonlySet<string> = new Set([
  'HalvingGridSearchCV',
  'HalvingRandomSearchCV'
]);
const HALVING_ENABLER = 'enable_halving_search_cv';

/** whether these imports (of one notebook) include scikit-learn's halving-search enabler */
export function importsHalvingEnabler(
  imports: readonly { module: string; name?: string }[]
): boolean {
  return imports.some(
    imp =>
      imp.module === `sklearn.experimental.${HALVING_ENABLER}` ||
      (imp.module === 'sklearn.experimental' && imp.name === HALVING_ENABLER)
  );
}

/**
 * The names `from module import *` binds (KNOWN_STAR_EXPORTS), with the halving searches for
 * `sklearn.model_selection` when the notebook imports their enabler; undefined for a module
 * whose names are not known.
 */
export function knownStarExports(
  module: string,
  halvingEnabled: boolean
): ReadonlySet<string> | undefined {
  const names = KNOWN_STAR_EXPORTS.get(module);
  return names && halvingEnabled && module === 'sklearn.model_selection'
    ? new Set([...names, ...HALVING_SEARCH])
    : names;
}

/**
 * The names `from module import *` binds, each with the dotted name it stands for
 * (`train_test_split` -> `sklearn.model_selection.train_test_split`), as if imported by name;
 * empty for a module whose table does not tell a name's own module.
 */
export function starImportedNames(
  module: string,
  halvingEnabled: boolean
): [string, string][] {
  const names = OWN_EXPORTS.has(module)
    ? knownStarExports(module, halvingEnabled)
    : null;
  return names ? [...names].map(n => [n, `${module}.${n}`]) : [];
}
