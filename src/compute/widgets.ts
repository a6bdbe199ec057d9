/**
 * The picker's widgets: the toolbar item "Compute: <target>", the target list shown in
 * the switch dialog, and the status-bar item. Thin: labels come from model.ts.
 */
import { Dialog, Notification } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { keepTabInDialog } from '../core/focus';
import { makeStatusText } from '../core/statusText';
import type { ITrackingStatusWatch } from '../tracking/statusWatch';
import type { ComputeTarget } from './api';
import { CommandIDs } from '../core/commandIds';
import {
  currentTarget,
  shadowedTarget,
  targetLabel,
  trackingLabel,
  targetWords,
  unavailableReason
} from './model';
import type { ComputeService } from './service';

/**
 * What the lab says when a notebook's kernel runs on this machine though it is named after a
 * gateway target's kernel: the server's reason (`shadowing_kernel`) in the lab's sentence.
 */
export function shadowedWarning(
  target: ComputeTarget,
  trans: TranslationBundle
): string {
  return trans.__(
    'This notebook runs on this machine, not on gateway target %1: %2',
    target.displayName ?? target.name,
    target.detail ?? ''
  );
}

/**
 * What the lab says once per lab session of a gateway target whose kernel a local kernelspec
 * shadows, when a notebook runs on that kernel (every local notebook, for a common name).
 */
export function shadowedNotice(
  target: ComputeTarget,
  trans: TranslationBundle
): string {
  return trans.__(
    'Notebooks on kernel %1 run on this machine, not on gateway target %2: %3',
    target.kernelspec ?? '',
    target.displayName ?? target.name,
    target.detail ?? ''
  );
}

/** The label the toolbar and status bar show for a notebook. */
export function labelFor(
  service: ComputeService,
  panel: NotebookPanel,
  trans: TranslationBundle
): string {
  // A notebook on a kernel a gateway target's name shadows is labelled plain "local" (it
  // runs here, as the user who did not pick that target expects); its tooltip says why.
  const session = service.sessionState(panel.sessionContext);
  const target = currentTarget(service.targets, session);
  return targetLabel(
    target,
    session,
    trans.__('local'),
    trans.__('no kernel'),
    trans.__('starting…')
  );
}

/** "Compute: <target>" in the notebook toolbar; a click runs "Switch compute...". */
export class ComputeToolbarItem extends Widget {
  constructor(
    private readonly panel: NotebookPanel,
    private readonly service: ComputeService,
    private readonly commands: CommandRegistry,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbcraft-compute-toolbar');
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className =
      'jp-ToolbarButtonComponent jp-mod-minimal jp-Button jp-nbcraft-compute-button';
    this.button.addEventListener('click', () => {
      this.panel.content.activate();
      void this.commands.execute(CommandIDs.switchCompute);
    });
    this.node.appendChild(this.button);
    service.changed.connect(this.render, this);
    panel.sessionContext.kernelChanged.connect(this.render, this);
    panel.sessionContext.statusChanged.connect(this.render, this);
    this.render();
  }

  override dispose(): void {
    this.service.changed.disconnect(this.render, this);
    super.dispose();
  }

  private render = (): void => {
    const { trans } = this;
    const label = labelFor(this.service, this.panel, trans);
    this.button.textContent = trans.__('Compute: %1', label);
    this.node.dataset.target = label;
    const session = this.service.sessionState(this.panel.sessionContext);
    const shadowed = shadowedTarget(this.service.targets, session);
    this.button.title = shadowed
      ? shadowedWarning(shadowed, trans)
      : trans.__('Switch compute…');
    // Said once per target in this lab session, not once per notebook: the picker shows the
    // target unreachable with the reason, and this notebook's tooltip says it runs here.
    if (shadowed && this.service.firstToSay(shadowed.name)) {
      Notification.warning(shadowedNotice(shadowed, trans), {
        autoClose: 10_000,
        actions: [
          {
            label: trans.__('Switch compute…'),
            callback: () => {
              this.panel.content.activate();
              void this.commands.execute(CommandIDs.switchCompute);
            }
          }
        ]
      });
    }
  };

  private button: HTMLButtonElement;
}

/** The list of targets in the switch dialog; `getValue()` is the chosen target's name. */
export class TargetList extends Widget {
  constructor(
    targets: ComputeTarget[],
    current: ComputeTarget | null,
    currentLabel: string,
    trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbcraft-compute-list');
    const intro = document.createElement('p');
    intro.textContent = trans.__('This notebook runs on: %1', currentLabel);
    this.node.appendChild(intro);
    if (targets.every(t => t.source === 'builtin')) {
      const empty = document.createElement('p');
      empty.className = 'jp-nbcraft-compute-empty';
      empty.textContent = trans.__(
        'No compute targets are declared. Add them under "compute.targets" in nbcraft.json at the Jupyter root.'
      );
      this.node.appendChild(empty);
    }
    const list = document.createElement('ul');
    for (const target of targets) {
      const reason = unavailableReason(target, trans);
      const item = document.createElement('li');
      item.className = 'jp-nbcraft-compute-target';
      item.dataset.target = target.name;
      // Held back until the user trusts the project file: a state to act on, not an error.
      const heldBack = target.heldBack === true;
      item.classList.toggle('jp-mod-held-back', heldBack);
      item.classList.toggle('jp-mod-unreachable', reason !== null && !heldBack);
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'nbcraft-compute-target';
      radio.value = target.name;
      radio.disabled = target.error === true;
      radio.checked = current?.name === target.name;
      radio.addEventListener('change', () => {
        this.chosen = target.name;
        this.markChoice();
      });
      const name = document.createElement('span');
      name.className = 'jp-nbcraft-compute-name';
      name.textContent = target.displayName ?? target.name;
      const kind = document.createElement('span');
      kind.className = 'jp-nbcraft-compute-kind';
      const words = targetWords(target, trans);
      kind.textContent = words.kind;
      const state = document.createElement('span');
      state.className = 'jp-nbcraft-compute-state';
      state.textContent = words.state;
      label.append(radio, name, kind, state);
      item.appendChild(label);
      if (target.detail) {
        const detail = document.createElement('div');
        detail.className = 'jp-nbcraft-compute-detail';
        detail.textContent = target.detail;
        item.appendChild(detail);
      }
      list.appendChild(item);
    }
    this.node.appendChild(list);
    this.current = current?.name ?? null;
    this.chosen = this.current;
    this.sameMarker.className = 'jp-mod-error jp-nbcraft-compute-same';
    this.sameMarker.hidden = true;
  }

  getValue(): string | null {
    return this.chosen;
  }

  /**
   * Mark the choice for the dialog around the list: while the notebook's current target is
   * chosen, a hidden `.jp-mod-error` makes JupyterLab's dialog disable its accept button
   * ("Switch" to where the notebook already runs does nothing). The dialog looks again on
   * an `input` event, sent here; call it once the dialog is shown (`dialog.ready`).
   */
  markChoice(): void {
    const same = this.chosen === this.current;
    if (same && !this.sameMarker.isConnected) {
      this.node.appendChild(this.sameMarker);
    } else if (!same) {
      this.sameMarker.remove();
    }
    this.node.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private chosen: string | null;
  private readonly current: string | null;
  private readonly sameMarker = document.createElement('span');
}

/**
 * The "Switch compute" dialog around a target list. The focus starts on the current target
 * (arrows choose another, Enter switches to it); "Switch" is disabled while the current target
 * is the one chosen, so Enter there does nothing instead of "switching" in place. With
 * nothing else to run on (`canSwitch` false) the only button is Close.
 */
export function targetDialog(
  list: TargetList,
  canSwitch: boolean,
  trans: TranslationBundle
): Dialog<string | null> {
  const dialog = new Dialog<string | null>({
    title: trans.__('Switch compute'),
    body: list,
    buttons: canSwitch
      ? [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Switch') })]
      : [Dialog.cancelButton({ label: trans.__('Close') })],
    focusNodeSelector: 'input[type="radio"]:checked'
  });
  keepTabInDialog(dialog);
  void dialog.ready.then(() => {
    list.markChoice();
  });
  return dialog;
}

/** "Compute: <target> · Tracking: <server>" in the status bar, for the current notebook. */
export class ComputeStatusItem extends Widget {
  constructor(
    private readonly service: ComputeService,
    private readonly current: () => NotebookPanel | null,
    private readonly trans: TranslationBundle,
    private readonly trackingStatus: ITrackingStatusWatch | null = null,
    private readonly heldBack: () => boolean = () => false
  ) {
    super();
    this.addClass('jp-nbcraft-compute-status');
    makeStatusText(this.node);
    // a plain <div> has no role, and an aria-label on one is not its accessible name
    this.node.setAttribute('role', 'status');
    service.changed.connect(this.render, this);
    trackingStatus?.changed.connect(this.render, this);
    this.render();
  }

  render = (): void => {
    const panel = this.current();
    const target = panel ? labelFor(this.service, panel, this.trans) : '–';
    const tracking = (short: boolean) =>
      trackingLabel(
        this.trackingStatus?.status ?? null,
        this.trans.__('not configured'),
        {
          starting: this.trans.__('starting…'),
          unreachable: this.trans.__('unreachable')
        },
        short
      );
    const heldBack = this.heldBack();
    // What matters most first: the item is cut with an ellipsis at its end where the status
    // bar is short of room, so held-back settings come first, as two words (the whole phrase
    // pushed the items after it off a 1440 px bar), in the warning colour
    // (jp-nbcraft-mod-held-back), and the tracking server shows its host only; the tooltip
    // and the accessible name say it all, the full URI included (without credentials).
    const plain = (where: string) =>
      this.trans.__('Compute: %1 · Tracking: %2', target, where);
    const text = heldBack
      ? this.trans.__('Held back · %1', plain(tracking(true)))
      : plain(tracking(true));
    const full = heldBack
      ? this.trans.__(
          'Compute: %1 · project settings held back · Tracking: %2',
          target,
          tracking(false)
        )
      : plain(tracking(false));
    this.node.textContent = text;
    this.node.setAttribute('aria-label', full);
    this.node.classList.toggle('jp-nbcraft-mod-held-back', heldBack);
    const why = heldBack
      ? this.trans.__(
          'The project config file at the Jupyter root sets a tracking server or compute targets, which are not used until you trust it (the notice, or "Trust the project settings" in the command palette)'
        )
      : this.trans.__(
          'The compute target of the current notebook, and the MLflow tracking server every target logs to'
        );
    this.node.title = `${full}\n${why}`;
  };
}
