/**
 * The promote preview: a thin React view over `PreviewState`. Editing the module path,
 * function name or conflict choice re-plans; a refused plan marks the body with
 * `jp-mod-error`, which makes JupyterLab's Dialog disable (and refuse) its accept button.
 */
import { ReactWidget } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { errorText, type Say } from '../core/translatable';
import type { TextDiff } from './diff';
import type { ConflictResolution } from '@nbcraft/lint-rules';
import { describeHint, describeReason, describeWarning } from './reasonText';
import type { PreviewInputs, PreviewState } from './session';

export interface PromoteDialogValue {
  state: PreviewState | null;
  openModule: boolean;
}

export interface PromoteBodyOptions {
  trans: TranslationBundle;
  initial: PreviewInputs;
  openModule: boolean;
  /** the project folder shown next to the paths ('' = the Jupyter root) */
  root: string;
  /** a config problem to show (the defaults are used meanwhile) */
  configProblem?: Say;
  replan: (inputs: PreviewInputs) => Promise<PreviewState>;
}

/** The dialog body. `getValue()` hands the latest preview to the command. */
export class PromoteBody extends ReactWidget {
  constructor(private readonly options: PromoteBodyOptions) {
    super();
    this.addClass('jp-nbcraft-promote');
    this.inputs = { ...options.initial };
    this.openModule = options.openModule;
    void this.replan();
  }

  getValue(): PromoteDialogValue {
    return {
      state: this.pending ? null : this.state,
      openModule: this.openModule
    };
  }

  /** Resolves when the preview for the current fields is shown (tests and the command wait on it). */
  get settled(): Promise<void> {
    return this.current;
  }

  protected render(): React.ReactElement {
    return (
      <PromoteView
        trans={this.options.trans}
        root={this.options.root}
        configProblem={this.options.configProblem}
        inputs={this.inputs}
        state={this.state}
        pending={this.pending}
        failure={this.failure}
        openModule={this.openModule}
        onField={(field, value) => {
          this.inputs = { ...this.inputs, [field]: value };
          this.scheduleReplan();
        }}
        onConflict={choice => {
          this.inputs = { ...this.inputs, onConflict: choice };
          void this.replan();
        }}
        onOpenModule={value => {
          this.openModule = value;
          this.update();
        }}
      />
    );
  }

  protected override onUpdateRequest(
    msg: Parameters<ReactWidget['onUpdateRequest']>[0]
  ): void {
    super.onUpdateRequest(msg);
    // The Dialog re-checks `.jp-mod-error` on input events: tell it once React has rendered.
    void this.renderPromise?.then(() => {
      this.node.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  private scheduleReplan(): void {
    this.pending = true;
    this.update();
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.replan(), 300);
  }

  private replan(): Promise<void> {
    const generation = ++this.generation;
    this.pending = true;
    this.update();
    this.current = this.options
      .replan(this.inputs)
      .then(state => {
        if (generation === this.generation) {
          this.state = state;
          this.failure = null;
        }
      })
      .catch((error: unknown) => {
        if (generation === this.generation) {
          this.state = null;
          this.failure = errorText(error, this.options.trans);
        }
      })
      .finally(() => {
        if (generation === this.generation) {
          this.pending = false;
          this.update();
        }
      });
    return this.current;
  }

  private inputs: PreviewInputs;
  private openModule: boolean;
  private state: PreviewState | null = null;
  private pending = true;
  private failure: string | null = null;
  private generation = 0;
  private timer = 0;
  private current: Promise<void> = Promise.resolve();
}

interface ViewProps {
  trans: TranslationBundle;
  root: string;
  configProblem?: Say;
  inputs: PreviewInputs;
  state: PreviewState | null;
  pending: boolean;
  failure: string | null;
  openModule: boolean;
  onField: (
    field: 'modulePath' | 'functionName' | 'testsDir',
    value: string
  ) => void;
  onConflict: (choice: ConflictResolution) => void;
  onOpenModule: (value: boolean) => void;
}

function PromoteView(props: ViewProps): React.ReactElement {
  const { trans, state, inputs } = props;
  const result = state?.result;
  const blocked = props.pending || !state?.canAccept;
  const plan = state && result?.ok ? result : null;
  return (
    <div className="jp-nbcraft-promote-body">
      {/* Marks the dialog invalid while planning or refused, so Accept is disabled. */}
      {blocked && (
        <span className="jp-mod-error jp-nbcraft-promote-blocked" hidden />
      )}
      <div className="jp-nbcraft-promote-fields">
        <label className="jp-nbcraft-promote-function-field">
          <span>{trans.__('Function')}</span>
          <input
            className="jp-mod-styled jp-nbcraft-promote-function"
            value={inputs.functionName ?? ''}
            placeholder={plan?.functionName ?? ''}
            spellCheck={false}
            onChange={e => {
              props.onField('functionName', e.target.value);
            }}
          />
        </label>
        <label>
          <span>{trans.__('Module')}</span>
          <input
            className="jp-mod-styled jp-nbcraft-promote-module"
            value={inputs.modulePath}
            spellCheck={false}
            onChange={e => {
              props.onField('modulePath', e.target.value);
            }}
          />
        </label>
        <label>
          <span>{trans.__('Tests folder')}</span>
          <input
            className="jp-mod-styled jp-nbcraft-promote-tests"
            value={inputs.testsDir}
            spellCheck={false}
            onChange={e => {
              props.onField('testsDir', e.target.value);
            }}
          />
        </label>
        {/* right under the two path fields it explains */}
        <div className="jp-nbcraft-promote-root">
          {props.root
            ? trans.__(
                'Paths are relative to the project folder %1',
                props.root
              )
            : trans.__('Paths are relative to the Jupyter root')}
        </div>
      </div>
      {props.configProblem && (
        <div className="jp-nbcraft-promote-warning">
          {props.configProblem(trans)}
        </div>
      )}
      {props.pending && (
        <div className="jp-nbcraft-promote-status">{trans.__('Planning…')}</div>
      )}
      {props.failure && (
        <div className="jp-nbcraft-promote-refusal" role="alert">
          {trans.__('The preview failed: %1', props.failure)}
        </div>
      )}
      {(state?.conflict === true || inputs.onConflict !== 'fail') && (
        <fieldset className="jp-nbcraft-promote-conflict">
          <legend>
            {trans.__(
              'The module already defines a different function of this name.'
            )}
          </legend>
          <label>
            <input
              type="radio"
              name="nbcraft-promote-conflict"
              checked={inputs.onConflict === 'replace'}
              onChange={() => {
                props.onConflict('replace');
              }}
            />
            {trans.__('Replace the existing function')}
          </label>
          <label>
            <input
              type="radio"
              name="nbcraft-promote-conflict"
              checked={inputs.onConflict === 'rename'}
              onChange={() => {
                props.onConflict('rename');
              }}
            />
            {trans.__('Rename the new function')}
          </label>
          <span>{trans.__('or Cancel to keep everything as it is.')}</span>
        </fieldset>
      )}
      {result && !result.ok && (
        <ul className="jp-nbcraft-promote-refusal" role="alert">
          {result.reasons.map((reason, i) => (
            <li key={i}>
              <strong>{describeReason(reason, trans)}</strong>
              <div className="jp-nbcraft-promote-hint">
                {describeHint(reason, trans)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {plan && state && (
        <>
          <dl className="jp-nbcraft-promote-signature">
            <dt>{trans.__('Function')}</dt>
            <dd>
              <code>
                {plan.moduleName}.{plan.functionName}({plan.params.join(', ')})
              </code>
            </dd>
            <dt>{trans.__('Parameters')}</dt>
            <dd className="jp-nbcraft-promote-params">
              {plan.params.length ? plan.params.join(', ') : trans.__('none')}
            </dd>
            <dt>{trans.__('Returns')}</dt>
            <dd className="jp-nbcraft-promote-returns">
              {plan.returns.length
                ? plan.returns.join(', ')
                : trans.__('nothing')}
            </dd>
            {plan.mutations.length > 0 && (
              <>
                <dt>{trans.__('Mutates')}</dt>
                <dd>{plan.mutations.join(', ')}</dd>
              </>
            )}
          </dl>
          {state.pythonpath?.ok === true && (
            <div className="jp-nbcraft-promote-import jp-nbcraft-promote-pythonpath">
              {state.pythonpath.changed
                ? trans.__(
                    'How it imports: "%1" is added to pytest\'s pythonpath in %2. Plain pytest from the project folder and the kernels nbcraft starts put it on sys.path; the running kernel gets it now.',
                    state.pythonpath.entry,
                    state.pythonpath.file
                  )
                : trans.__(
                    'How it imports: "%1" is on pytest\'s pythonpath in %2, which plain pytest and kernels started by nbcraft both use.',
                    state.pythonpath.entry,
                    state.pythonpath.file
                  )}
            </div>
          )}
          {plan.warnings.length > 0 && (
            <ul className="jp-nbcraft-promote-warnings">
              {plan.warnings.map((warning, i) => (
                <li key={i}>{describeWarning(warning, trans)}</li>
              ))}
            </ul>
          )}
          <section>
            <h3>
              {trans.__('Module %1', plan.modulePath)}{' '}
              <DiffStats trans={trans} diff={state.moduleDiff} />
            </h3>
            <DiffView
              diff={state.moduleDiff}
              className="jp-nbcraft-promote-module-diff"
            />
          </section>
          <section>
            <h3>
              {trans.__('Test file %1', plan.testPath)}{' '}
              <DiffStats trans={trans} diff={state.testDiff} />
            </h3>
            <div className="jp-nbcraft-promote-import jp-nbcraft-promote-kernel-values">
              {plan.testCharacterized
                ? trans.__(
                    'The test checks the function against values observed in the running kernel.'
                  )
                : inputs.kernelValues
                  ? trans.__(
                      'The kernel holds no small literal values for every input and output, so the value test is written skipped: supply them yourself.'
                    )
                  : trans.__(
                      'No running kernel gave values, so the value test is written skipped: supply them yourself.'
                    )}
            </div>
            <DiffView
              diff={state.testDiff}
              className="jp-nbcraft-promote-test-diff"
            />
          </section>
          <section>
            <h3>{trans.__('Replacement cell')}</h3>
            {plan.replacementCells.map((cell, i) => (
              <pre key={i} className="jp-nbcraft-promote-cell">
                {cell.source}
              </pre>
            ))}
            {plan.importCell !== null && (
              <div className="jp-nbcraft-promote-import">
                {trans.__('The import goes into cell %1.', plan.importCell + 1)}
              </div>
            )}
            {plan.cellEdits
              .filter(edit => edit.cell !== plan.importCell)
              .map(edit => (
                <div key={edit.cell} className="jp-nbcraft-promote-import">
                  {trans.__(
                    'Cell %1 loses the imports only the promoted code used.',
                    edit.cell + 1
                  )}
                </div>
              ))}
          </section>
        </>
      )}
      <label className="jp-nbcraft-promote-open">
        <input
          type="checkbox"
          checked={props.openModule}
          onChange={e => {
            props.onOpenModule(e.target.checked);
          }}
        />
        {trans.__('Open the module beside the notebook')}
      </label>
    </div>
  );
}

function DiffStats(props: {
  trans: TranslationBundle;
  diff: TextDiff | null;
}): React.ReactElement | null {
  const { diff, trans } = props;
  if (!diff) {
    return null;
  }
  if (diff.hunks.length === 0) {
    return (
      <span className="jp-nbcraft-promote-stats">
        {trans.__('(unchanged)')}
      </span>
    );
  }
  return (
    <span className="jp-nbcraft-promote-stats">
      {diff.isNewFile ? trans.__('(new file) ') : ''}+{diff.added} −
      {diff.removed}
    </span>
  );
}

function DiffView(props: {
  diff: TextDiff | null;
  className: string;
}): React.ReactElement | null {
  if (!props.diff || props.diff.hunks.length === 0) {
    return null;
  }
  return (
    <pre className={`jp-nbcraft-promote-diff ${props.className}`}>
      {props.diff.hunks.map((hunk, h) => (
        <React.Fragment key={h}>
          <div className="jp-nbcraft-promote-hunk">
            @@ -{hunk.oldStart},{hunk.oldCount} +{hunk.newStart},{hunk.newCount}{' '}
            @@
          </div>
          {hunk.lines.map((line, i) => (
            <div
              key={i}
              className={`jp-nbcraft-promote-line jp-mod-${line.kind}`}
            >
              {line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' '}
              {line.text}
            </div>
          ))}
        </React.Fragment>
      ))}
    </pre>
  );
}
