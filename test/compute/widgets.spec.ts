import { Notification } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';
import axios from 'axios';
import { readFileSync } from 'fs';
import { join } from 'path';

import type { ComputeTarget } from '../../src/compute/api';
import { unavailableReason } from '../../src/compute/model';
import { ComputeService } from '../../src/compute/service';
import { CommandIDs } from '../../src/core/commandIds';
import {
  ComputeStatusItem,
  ComputeToolbarItem,
  TargetList,
  targetDialog
} from '../../src/compute/widgets';
import type { ITrackingStatusWatch } from '../../src/tracking/statusWatch';

const trans = nullTranslator.load('nbcraft');

/** The entry the server lists for an untrusted project file's targets (problem_entries). */
const heldBack: ComputeTarget = {
  name: 'nbcraft.json: compute',
  kind: null,
  displayName: 'nbcraft.json: compute',
  reachable: false,
  kernelspec: null,
  detail:
    "nbcraft.json: compute: held back: the file is not trusted, so 1 target is not used; trust it with `jupyter nbcraft trust` in that folder, or the lab's notice",
  source: 'nbcraft.json: compute',
  error: true,
  heldBack: true
};
const broken: ComputeTarget = {
  name: 'nbcraft.json: compute.targets[2]',
  kind: null,
  reachable: false,
  kernelspec: null,
  detail: 'nbcraft.json: compute.targets[2].url: expected sc://host:port',
  error: true
};

function entry(list: TargetList, name: string): HTMLElement {
  const item = list.node.querySelector<HTMLElement>(
    `.jp-nbcraft-compute-target[data-target="${name}"]`
  );
  if (!item) {
    throw new Error(`no entry ${name}`);
  }
  return item;
}

const text = (item: HTMLElement, part: string) =>
  item.querySelector(`.jp-nbcraft-compute-${part}`)?.textContent;

describe('the switch dialog lists held-back targets as held back', () => {
  const list = new TargetList([heldBack, broken], null, 'local', trans);

  it('says "held back" in the warning style, with the reason and how to trust', () => {
    const item = entry(list, heldBack.name);
    expect(text(item, 'state')).toBe('held back');
    expect(text(item, 'kind')).toBe('not trusted');
    expect(item.classList.contains('jp-mod-held-back')).toBe(true);
    expect(item.classList.contains('jp-mod-unreachable')).toBe(false);
    expect(text(item, 'detail')).toContain('jupyter nbcraft trust');
    expect(
      item.querySelector<HTMLInputElement>('input[type=radio]')?.disabled
    ).toBe(true);
  });

  it('keeps a malformed entry a config error', () => {
    const item = entry(list, broken.name);
    expect(text(item, 'state')).toBe('config error');
    expect(text(item, 'kind')).toBe('invalid');
    expect(item.classList.contains('jp-mod-unreachable')).toBe(true);
    expect(item.classList.contains('jp-mod-held-back')).toBe(false);
  });

  it('gives the trust reason, not "invalid", as why it cannot be chosen', () => {
    expect(unavailableReason({ ...heldBack, detail: null })).toBe(
      'the project config file is not trusted, so its targets are held back'
    );
    expect(unavailableReason({ ...broken, detail: null })).toBe(
      'this entry of the compute config is invalid'
    );
  });
});

describe('the switch dialog', () => {
  const local: ComputeTarget = {
    name: 'local',
    kind: 'local',
    reachable: true,
    kernelspec: 'python3',
    source: 'builtin'
  };
  const spark: ComputeTarget = {
    name: 'spark-local',
    kind: 'spark-connect',
    reachable: true,
    kernelspec: 'nbcraft-spark-local'
  };

  it('disables "Switch" (the Enter button) while the current target is chosen', async () => {
    const list = new TargetList([local, spark], local, 'local', trans);
    const dialog = targetDialog(list, true, trans);
    const answer = dialog.launch();
    await dialog.ready;
    const switchButton = dialog.node.querySelector<HTMLButtonElement>(
      '.jp-Dialog-button.jp-mod-accept'
    )!;
    expect(switchButton.textContent).toContain('Switch');
    expect(switchButton.disabled).toBe(true);
    // the focus is on the current target, where arrows choose another
    expect(document.activeElement).toBe(
      entry(list, 'local').querySelector('input')
    );
    const other = entry(list, 'spark-local').querySelector('input')!;
    other.checked = true;
    other.dispatchEvent(new Event('change', { bubbles: true }));
    expect(switchButton.disabled).toBe(false);
    const back = entry(list, 'local').querySelector('input')!;
    back.checked = true;
    back.dispatchEvent(new Event('change', { bubbles: true }));
    expect(switchButton.disabled).toBe(true);
    // Enter with the current target chosen does not accept
    dialog.node.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
    );
    other.checked = true;
    other.dispatchEvent(new Event('change', { bubbles: true }));
    switchButton.click();
    const result = await answer;
    expect([result.button.accept, result.value]).toEqual([true, 'spark-local']);
  });
});

describe('a gateway kernel a kernel of this machine shadows (kernels-mixer starts the local one)', () => {
  // What GET /nbcraft/compute/targets answers for such a target (nbcraft/compute/service.py,
  // test_gateway_kernel_named_like_a_local_one_is_flagged), served by an axios adapter: no
  // Enterprise Gateway runs here.
  const detail =
    "a kernel of this machine is also named 'python3', and kernels-mixer starts that one, not the gateway's: give the target the gateway's kernel under another name";
  const listing = [
    {
      name: 'k8s',
      kind: 'gateway',
      displayName: 'k8s',
      reachable: false,
      kernelspec: 'python3',
      detail,
      shadowed: true,
      source: 'nbcraft.json: compute.targets[0]'
    }
  ];

  async function listedService() {
    const client = axios.create({
      adapter: config =>
        Promise.resolve({
          status: 200,
          statusText: 'OK',
          data: listing,
          headers: {},
          config
        })
    });
    const service = new ComputeService(client);
    await service.refresh();
    return service;
  }

  /** A notebook's toolbar item, the notebook on `kernelName`, sharing the lab's `service`. */
  function toolbarFor(
    service: ComputeService,
    kernelName: string,
    commands = new CommandRegistry()
  ) {
    // The notebook's session context as JupyterLab's kernel picker leaves it: a kernel
    // named `python3` (the gateway's name), whose start kernels-mixer sent to this machine.
    const kernelChanged = new Signal<object, void>({});
    const statusChanged = new Signal<object, void>({});
    const session = { kernel: { name: kernelName, id: `k-${++kernels}` } };
    const sessionContext = {
      session,
      isDisposed: false,
      kernelDisplayStatus: 'idle',
      kernelChanged,
      statusChanged
    };
    const panel = {
      sessionContext,
      content: { activate: () => undefined }
    } as unknown as NotebookPanel;
    const item = new ComputeToolbarItem(panel, service, commands, trans);
    return { item, session, kernelChanged };
  }
  let kernels = 0;

  const warnings = () =>
    Notification.manager.notifications.filter(n => n.type === 'warning');

  afterEach(() => {
    Notification.dismiss();
  });

  it('labels notebooks on the local kernel plain "local" and warns once per lab session, closing, with the picker one click away', async () => {
    const service = await listedService();
    const commands = new CommandRegistry();
    let pickerOpened = 0;
    commands.addCommand(CommandIDs.switchCompute, {
      execute: () => {
        pickerOpened++;
      }
    });
    // a lab restoring notebooks on the usual local python3 (the gateway's kernel name)
    const first = toolbarFor(service, 'python3', commands);
    const second = toolbarFor(service, 'python3', commands);
    for (const { item } of [first, second]) {
      const button = item.node.querySelector('button');
      // Before: "Compute: local, not k8s" on every ordinary local notebook.
      expect(button?.textContent).toBe('Compute: local');
      // the per-notebook reason stays in the tooltip
      expect(button?.title).toBe(
        `This notebook runs on this machine, not on gateway target k8s: ${detail}`
      );
    }
    first.session.kernel = { name: 'python3', id: 'k-restarted' };
    first.kernelChanged.emit();
    // Before: one warning per notebook (and per kernel restart), none closing by itself.
    expect(warnings().map(n => n.message)).toEqual([
      `Notebooks on kernel python3 run on this machine, not on gateway target k8s: ${detail}`
    ]);
    const [notice] = warnings();
    expect(notice.options.autoClose).toEqual(expect.any(Number));
    expect(notice.options.actions?.map(a => a.label)).toEqual([
      'Switch compute…'
    ]);
    notice.options.actions?.[0].callback(new MouseEvent('click'));
    await Promise.resolve();
    expect(pickerOpened).toBe(1);
    first.item.dispose();
    second.item.dispose();
  });

  it('says nothing of a kernel of another name', async () => {
    const { item } = toolbarFor(await listedService(), 'nbcraft-spark-local');
    expect(item.node.querySelector('button')?.textContent).toBe(
      'Compute: spark-local'
    );
    expect(item.node.querySelector('button')?.title).toBe('Switch compute…');
    expect(warnings()).toEqual([]);
    item.dispose();
  });
});

describe('ComputeStatusItem', () => {
  it('shows the tracking server short, and its full URI (no credentials) in the tooltip and accessible name', () => {
    const uri =
      'https://u:secret@mlflow.example.org/teams/forecasting/tracking';
    const watch = {
      status: { kind: 'mlflow', uri, reachable: true, state: 'ready' },
      changed: new Signal<unknown, void>({})
    } as unknown as ITrackingStatusWatch;
    const item = new ComputeStatusItem(
      { changed: new Signal<unknown, void>({}) } as unknown as ComputeService,
      () => null,
      trans,
      watch
    );
    expect(item.node.textContent).toBe(
      'Compute: – · Tracking: mlflow.example.org/…'
    );
    const full =
      'Compute: – · Tracking: https://mlflow.example.org/teams/forecasting/tracking';
    expect(item.node.getAttribute('aria-label')).toBe(full);
    // the label names the item only on an element with a role
    expect(item.node.getAttribute('role')).toBe('status');
    expect(item.node.title.split('\n')[0]).toBe(full);
    expect(item.node.outerHTML).not.toContain('secret');
    item.dispose();
  });

  it('says held-back project settings in two words, the whole phrase in the tooltip and accessible name', () => {
    const watch = {
      status: {
        kind: 'mlflow',
        uri: 'http://127.0.0.1:18971',
        reachable: true,
        state: 'ready'
      },
      changed: new Signal<unknown, void>({})
    } as unknown as ITrackingStatusWatch;
    const service = {
      changed: new Signal<unknown, void>({})
    } as unknown as ComputeService;
    const trusted = new ComputeStatusItem(service, () => null, trans, watch);
    const held = new ComputeStatusItem(
      service,
      () => null,
      trans,
      watch,
      () => true
    );
    // first: the item is cut at its end where the bar is short of room
    expect(held.node.textContent).toBe(
      'Held back · Compute: – · Tracking: 127.0.0.1:18971'
    );
    expect(held.node.classList).toContain('jp-nbcraft-mod-held-back');
    expect(trusted.node.classList).not.toContain('jp-nbcraft-mod-held-back');
    // the walk's 1440 px status bar had about 12 characters to spare
    expect(
      held.node.textContent.length - trusted.node.textContent.length
    ).toBeLessThanOrEqual(12);
    const full =
      'Compute: – · project settings held back · Tracking: http://127.0.0.1:18971';
    expect(held.node.getAttribute('aria-label')).toBe(full);
    expect(held.node.title.split('\n')[0]).toBe(full);
    trusted.dispose();
    held.dispose();
  });
});

describe("the status item's held-back style", () => {
  it('gives held-back settings the warning colour', () => {
    const css = readFileSync(
      join(__dirname, '../../style/compute.css'),
      'utf8'
    );
    const rule =
      /\.jp-nbcraft-compute-status\.jp-nbcraft-mod-held-back\s*\{([^}]*)\}/.exec(
        css
      );
    expect(rule?.[1]).toMatch(
      /(^|;|\s)color:\s*var\(--jp-nbcraft-warn-color\)/
    );
  });
});
