/**
 * The body of the "Run as job…" dialog: the target (the compute picker's list, plus the
 * notebook's own kernel), the parameters of the `parameters` cell with their current values,
 * editable, and the experiment. `getValue()` is what to submit. A re-run's secret fields are
 * `required`: JupyterLab's Dialog keeps "Run job" (button and Enter) from accepting while one
 * is empty (`:invalid`), so what the user typed stays in the open dialog.
 */
import { Dialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import type { ComputeTarget } from '../compute/api';
import { unavailableReason } from '../compute/model';
import type { Say } from '../core/translatable';
import {
  parseParameterValue,
  REDACTED,
  secretValueProblem,
  type IDeclaredParameter,
  type JsonValue
} from './parameters';
import { LOCAL_TARGET } from './tokens';

export interface IRunJobChoice {
  target: string;
  parameters: Record<string, JsonValue>;
  /** empty: the notebook's own experiment (the server decides) */
  experiment: string;
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
  trans: TranslationBundle;
}

/** Ids of the hints that describe the value fields (`aria-describedby`). */
let hintCount = 0;

/** Jobs can run on a target the picker cannot switch a kernel to (a gateway has no local spec). */
function jobUnavailableReason(target: ComputeTarget): string | null {
  if (target.error || !target.reachable) {
    return unavailableReason(target);
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
      const reason = jobUnavailableReason(target);
      const label = `${target.displayName ?? target.name} · ${target.kind ?? trans.__('invalid')}`;
      const option = new Option(
        reason ? trans.__('%1 (unavailable: %2)', label, reason) : label,
        target.name
      );
      option.disabled = reason !== null;
      this.targetSelect.add(option);
    }
    const preselect = options.targets.find(
      t => t.name === options.current && jobUnavailableReason(t) === null
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
            options.secretNames?.includes(parameter.name) ?? false
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
    experimentLabel.appendChild(this.experimentInput);
    this.node.appendChild(experimentLabel);
  }

  getValue(): IRunJobChoice {
    const parameters: Record<string, JsonValue> = {};
    for (const [name, input] of this.valueInputs) {
      parameters[name] = parseParameterValue(input.value).value;
    }
    return {
      target: this.targetSelect.value,
      parameters,
      experiment: this.experimentInput.value.trim()
    };
  }

  private parameterRow(
    parameter: IDeclaredParameter,
    value: string,
    trans: TranslationBundle,
    secret: boolean
  ): HTMLElement {
    const row = document.createElement('label');
    row.className = 'jp-nbcraft-jobs-param';
    row.dataset.name = parameter.name;
    const name = document.createElement('span');
    name.className = 'jp-nbcraft-jobs-param-name';
    name.textContent = parameter.name;
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'jp-mod-styled jp-nbcraft-jobs-param-value';
    input.spellcheck = false;
    input.value = value;
    if (secret) {
      input.type = 'password';
      input.value = '';
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
    describe();
    row.append(name, input, hint);
    this.valueInputs.set(parameter.name, input);
    return row;
  }

  private targetSelect: HTMLSelectElement;
  private experimentInput: HTMLInputElement;
  private valueInputs = new Map<string, HTMLInputElement>();
}

/**
 * The "Run as job" dialog around `form`. JupyterLab's Dialog checks its fields on each
 * `input` event only: checked once more when it opens, "Run job" is disabled from the start
 * while a secret field is empty, and neither a click nor Enter accepts until it is typed.
 */
export function runJobDialog(
  form: RunJobForm,
  trans: TranslationBundle
): Dialog<IRunJobChoice> {
  return new CheckedDialog<IRunJobChoice>({
    title: trans.__('Run as job'),
    body: form,
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: trans.__('Run job') })
    ],
    focusNodeSelector: 'select'
  });
}

/**
 * A Dialog that checks its fields (`:invalid`, `.jp-mod-error`) as soon as it is shown, and
 * again after each field's own `input` listener: the Dialog checks in the capture phase,
 * before a secret field sets its validity (`setCustomValidity`) for the value just typed.
 */
class CheckedDialog<T> extends Dialog<T> {
  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.node.addEventListener('input', this._checkAgain);
    this._checkValidation();
  }

  protected override onBeforeDetach(msg: Message): void {
    this.node.removeEventListener('input', this._checkAgain);
    super.onBeforeDetach(msg);
  }

  private readonly _checkAgain = (): void => {
    this._checkValidation();
  };
}
