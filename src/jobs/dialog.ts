/**
 * The body of the "Run as job…" dialog: the target (the compute picker's list, plus the
 * notebook's own kernel), the parameters of the `parameters` cell with their current values,
 * editable, and the experiment. `getValue()` is what to submit. A re-run's secret fields are
 * `required` and `:invalid` while empty (or `''`, `None`, `<redacted>`): JupyterLab's Dialog
 * disables "Run job" then, and should it accept anyway, `askRunJob` opens the dialog again with
 * every field as typed, so nothing typed is lost and no empty secret is sent. Only the Dialog's
 * public API is used (`launch`, `ready`, the body's `getValue`): no protected member.
 */
import { Dialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import type { ComputeTarget } from '../compute/api';
import { targetWords, unavailableReason } from '../compute/model';
import type { Say } from '../core/translatable';
import {
  parseParameterValue,
  REDACTED,
  secretValueProblem,
  type IDeclaredParameter,
  type JsonValue
} from './parameters';
import { LOCAL_TARGET } from './tokens';

/** Every field as the user left it: the dialog opened again shows exactly this. */
export interface IRunJobTyped {
  target: string;
  /** each parameter's field, as text (secret ones included: they stay in this page) */
  values: Record<string, string>;
  experiment: string;
}

export interface IRunJobChoice {
  target: string;
  parameters: Record<string, JsonValue>;
  /** empty: the notebook's own experiment (the server decides) */
  experiment: string;
  /** secret parameters still to type (empty, `''`, None, `<redacted>`): not to submit */
  missing: string[];
  typed: IRunJobTyped;
}

export interface IRunJobFormOptions {
  notebook: string;
  targets: ComputeTarget[];
  /** the targets could not be listed: say why, and offer only the local kernel */
  targetsError: string | null;
  /** the target to preselect (the one the notebook runs on now), if any */
  current: string | null;
  parameters: IDeclaredParameter[];
  /** why the parameters cell could not be read (with its line), if it could not */
  parametersError: Say | null;
  /** whether the notebook has a cell tagged `parameters` at all */
  hasParametersCell: boolean;
  /** values to start from instead of the cell's (a re-run with edits) */
  initialValues?: Record<string, string>;
  /**
   * parameters the server keeps no value of (a re-run's `secret_parameters`): asked for again
   * in a password field, never prefilled
   */
  secretNames?: string[];
  /** the fields as typed in this dialog before (opened again): start from these */
  typed?: IRunJobTyped;
  trans: TranslationBundle;
}

/** Ids of the hints that describe the value fields (`aria-describedby`). */
let hintCount = 0;

/** Jobs can run on a target the picker cannot switch a kernel to (a gateway has no local spec). */
function jobUnavailableReason(
  target: ComputeTarget,
  trans?: TranslationBundle
): string | null {
  if (target.heldBack || target.error || !target.reachable) {
    return unavailableReason(target, trans);
  }
  return null;
}

export class RunJobForm extends Widget {
  constructor(options: IRunJobFormOptions) {
    super();
    const { trans } = options;
    this.addClass('jp-nbcraft-jobs-form');

    const notebook = document.createElement('p');
    notebook.className = 'jp-nbcraft-jobs-form-notebook';
    notebook.textContent = trans.__(
      '%1 runs headless, top to bottom, in a fresh kernel; the job is an MLflow run with the executed notebook attached.',
      options.notebook
    );
    this.node.appendChild(notebook);

    // Target
    const targetLabel = document.createElement('label');
    targetLabel.className = 'jp-nbcraft-jobs-form-field';
    targetLabel.append(trans.__('Target'));
    this.targetSelect = document.createElement('select');
    this.targetSelect.className = 'jp-mod-styled jp-nbcraft-jobs-target';
    this.targetSelect.name = 'target';
    const local = new Option(
      trans.__('local (the notebook’s own kernel)'),
      LOCAL_TARGET
    );
    this.targetSelect.add(local);
    for (const target of options.targets) {
      if (target.name === LOCAL_TARGET) {
        continue;
      }
      const reason = jobUnavailableReason(target, trans);
      const words = targetWords(target, trans);
      const label = `${target.displayName ?? target.name} · ${words.kind}`;
      const option = new Option(
        reason ? trans.__('%1 (%2: %3)', label, words.state, reason) : label,
        target.name
      );
      option.disabled = reason !== null;
      this.targetSelect.add(option);
    }
    const wanted = options.typed?.target ?? options.current;
    const preselect = options.targets.find(
      t => t.name === wanted && jobUnavailableReason(t) === null
    );
    this.targetSelect.value = preselect ? preselect.name : LOCAL_TARGET;
    targetLabel.appendChild(this.targetSelect);
    this.node.appendChild(targetLabel);
    if (options.targetsError) {
      const error = document.createElement('p');
      error.className = 'jp-nbcraft-jobs-form-error';
      error.textContent = trans.__(
        'The compute targets could not be listed (%1); the job can still run on the local kernel.',
        options.targetsError
      );
      this.node.appendChild(error);
    }

    // Parameters
    const heading = document.createElement('h3');
    heading.className = 'jp-nbcraft-jobs-form-heading';
    heading.textContent = trans.__('Parameters');
    this.node.appendChild(heading);
    if (options.parametersError) {
      const error = document.createElement('p');
      error.className = 'jp-nbcraft-jobs-form-error';
      error.textContent = trans.__(
        'The cell tagged "parameters" could not be read (%1). Fix it, or the job runs with the values in the notebook.',
        options.parametersError(trans)
      );
      this.node.appendChild(error);
    } else if (!options.hasParametersCell) {
      const none = document.createElement('p');
      none.className = 'jp-nbcraft-jobs-form-muted';
      none.textContent = trans.__(
        'No cell is tagged "parameters": the job runs with the values in the notebook. Tag the cell that sets them (papermill’s convention) to change them here.'
      );
      this.node.appendChild(none);
    } else if (options.parameters.length === 0) {
      const none = document.createElement('p');
      none.className = 'jp-nbcraft-jobs-form-muted';
      none.textContent = trans.__(
        'The cell tagged "parameters" assigns no names (write them as name = value).'
      );
      this.node.appendChild(none);
    }
    if (options.parameters.length) {
      const table = document.createElement('div');
      table.className = 'jp-nbcraft-jobs-params';
      for (const parameter of options.parameters) {
        table.appendChild(
          this.parameterRow(
            parameter,
            options.initialValues?.[parameter.name] ?? parameter.value,
            trans,
            options.secretNames?.includes(parameter.name) ?? false,
            options.typed?.values[parameter.name]
          )
        );
      }
      this.node.appendChild(table);
    }

    // Experiment
    const experimentLabel = document.createElement('label');
    experimentLabel.className = 'jp-nbcraft-jobs-form-field';
    experimentLabel.append(trans.__('Experiment'));
    this.experimentInput = document.createElement('input');
    this.experimentInput.type = 'text';
    this.experimentInput.name = 'experiment';
    this.experimentInput.className = 'jp-mod-styled jp-nbcraft-jobs-experiment';
    this.experimentInput.placeholder = trans.__('the notebook’s experiment');
    this.experimentInput.value = options.typed?.experiment ?? '';
    experimentLabel.appendChild(this.experimentInput);
    this.node.appendChild(experimentLabel);
  }

  getValue(): IRunJobChoice {
    const parameters: Record<string, JsonValue> = {};
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const [name, input] of this.valueInputs) {
      const parsed = parseParameterValue(input.value);
      parameters[name] = parsed.value;
      values[name] = input.value;
      if (this.secretInputs.has(input) && secretValueProblem(parsed)) {
        missing.push(name);
      }
    }
    return {
      target: this.targetSelect.value,
      parameters,
      experiment: this.experimentInput.value.trim(),
      missing,
      typed: {
        target: this.targetSelect.value,
        values,
        experiment: this.experimentInput.value
      }
    };
  }

  /**
   * Check a secret field before anything else hears of its `input`: the Dialog checks its
   * fields (`:invalid`) on `input` in the capture phase at the document, which comes before
   * the field's own listener; the window's capture phase comes first of all.
   */
  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    window.addEventListener('input', this.describeFirst, true);
  }

  protected override onBeforeDetach(msg: Message): void {
    window.removeEventListener('input', this.describeFirst, true);
    super.onBeforeDetach(msg);
  }

  private readonly describeFirst = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.secretInputs.get(input)?.();
  };

  private parameterRow(
    parameter: IDeclaredParameter,
    value: string,
    trans: TranslationBundle,
    secret: boolean,
    typed: string | undefined
  ): HTMLElement {
    const row = document.createElement('label');
    row.className = 'jp-nbcraft-jobs-param';
    row.dataset.name = parameter.name;
    const name = document.createElement('span');
    name.className = 'jp-nbcraft-jobs-param-name';
    name.textContent = parameter.name;
    name.title = parameter.name; // whole where a long name ends in an ellipsis
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'jp-mod-styled jp-nbcraft-jobs-param-value';
    input.spellcheck = false;
    input.value = typed ?? value;
    if (secret) {
      input.type = 'password';
      input.value = typed ?? ''; // the server's value is never shown; what was typed here is
      input.autocomplete = 'off';
      // JupyterLab's Dialog does not accept while a field is :invalid (empty and required).
      input.required = true;
      input.placeholder = trans.__(
        'a secret: the server kept no value, type it again'
      );
    }
    input.setAttribute(
      'aria-label',
      trans.__('Value of %1 (a Python literal)', parameter.name)
    );
    const hint = document.createElement('span');
    hint.className = 'jp-nbcraft-jobs-param-hint';
    hint.id = `jp-nbcraft-jobs-hint-${++hintCount}`;
    input.setAttribute('aria-describedby', hint.id);
    const describe = () => {
      const parsed = parseParameterValue(input.value);
      // `''`, `""`, spaces or None would send an empty secret as surely as nothing typed,
      // and `<redacted>` (what the server shows for it) that text instead of the secret.
      const problem = secret ? secretValueProblem(parsed) : null;
      const missing = problem !== null;
      row.classList.toggle('jp-nbcraft-mod-missing', missing);
      row.classList.toggle('jp-mod-string', !missing && !parsed.literal);
      input.setAttribute('aria-invalid', String(missing));
      const missingText =
        problem === 'placeholder'
          ? trans.__(
              'Type the secret itself: %1 is what the server shows in its place, and the job would get that text.',
              REDACTED
            )
          : trans.__(
              'Type the value again: the server keeps no secret parameter’s value, and the job would get an empty one.'
            );
      // :invalid, so JupyterLab's Dialog does not accept (required alone lets `''` through)
      input.setCustomValidity(missing ? missingText : '');
      hint.textContent = missing
        ? missingText
        : parsed.literal
          ? (parameter.comment ?? '')
          : trans.__('not a Python literal: sent as the text typed');
    };
    input.addEventListener('input', describe);
    if (secret) {
      this.secretInputs.set(input, describe);
    }
    describe();
    row.append(name, input, hint);
    this.valueInputs.set(parameter.name, input);
    return row;
  }

  private targetSelect: HTMLSelectElement;
  private experimentInput: HTMLInputElement;
  private valueInputs = new Map<string, HTMLInputElement>();
  /** each secret field, and what checks it */
  private secretInputs = new Map<HTMLInputElement, () => void>();
}

/**
 * The "Run as job" dialog around `form`. JupyterLab's Dialog checks its fields on `input`
 * only: an `input` from the form once the dialog is shown (`ready`) has it check them at once,
 * so "Run job" is disabled from the start while a secret field is empty.
 */
function runJobDialog(
  form: RunJobForm,
  trans: TranslationBundle
): Dialog<IRunJobChoice> {
  const dialog = new Dialog<IRunJobChoice>({
    title: trans.__('Run as job'),
    body: form,
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: trans.__('Run job') })
    ],
    focusNodeSelector: 'select'
  });
  void dialog.ready.then(() => {
    form.node.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return dialog;
}

/**
 * Ask until the user cancels or accepts with every secret typed: accepted with one missing
 * (a Dialog that let it through), the dialog opens again with each field as it was typed and
 * the missing one marked. `makeForm` builds the form, from what was typed when given;
 * `initial` is what was typed in an earlier dialog (a submit that failed asks again with it).
 */
export async function askRunJob(
  makeForm: (typed: IRunJobTyped | null) => RunJobForm,
  trans: TranslationBundle,
  initial: IRunJobTyped | null = null
): Promise<IRunJobChoice | null> {
  let typed = initial;
  for (;;) {
    const result = await runJobDialog(makeForm(typed), trans).launch();
    if (!result.button.accept || !result.value) {
      return null;
    }
    if (result.value.missing.length === 0) {
      return result.value;
    }
    typed = result.value.typed;
  }
}
