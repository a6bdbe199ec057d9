import { nullTranslator } from '@jupyterlab/translation';

import { TargetListSchema, SwitchPlanSchema } from '../../src/compute/api';
import {
  cellsToRerun,
  currentTarget,
  hasOtherTarget,
  resolveSwitch,
  shadowedTarget,
  shortTrackingPlace,
  stripCredentials,
  targetLabel,
  trackingLabel,
  unavailableReason,
  withLocalTarget
} from '../../src/compute/model';
import type { ComputeTarget } from '../../src/compute/api';

const spark: ComputeTarget = {
  name: 'spark-local',
  kind: 'spark-connect',
  reachable: false,
  kernelspec: 'nbcraft-spark-local',
  detail:
    'Spark Connect server sc://127.0.0.1:15002 is not reachable: connection refused.'
};
const local: ComputeTarget = {
  name: 'py',
  kind: 'local',
  reachable: true,
  kernelspec: 'nbcraft-py',
  detail: "local kernelspec 'python3'"
};
const broken: ComputeTarget = {
  name: 'nbcraft.json: compute.targets[2]',
  kind: null,
  reachable: false,
  kernelspec: null,
  detail: 'nbcraft.json: compute.targets[2].url: expected sc://host:port',
  error: true
};

describe('the server listing', () => {
  it('accepts the server extension shape, malformed entries included', () => {
    const parsed = TargetListSchema.parse([
      {
        ...spark,
        displayName: 'spark-local',
        source: 'nbcraft.json: compute.targets[0]'
      },
      broken
    ]);
    expect(parsed[1].error).toBe(true);
  });
  it('rejects a listing without reachability', () => {
    expect(
      TargetListSchema.safeParse([
        { name: 'x', kind: 'local', kernelspec: null }
      ]).success
    ).toBe(false);
  });
  it('rejects an unknown switch mode', () => {
    expect(
      SwitchPlanSchema.safeParse({
        mode: 'teleport',
        kernelspec: 'k',
        stateLost: false
      }).success
    ).toBe(false);
  });
});

describe('currentTarget', () => {
  const targets = [spark, local, broken];
  it('finds the target whose generated kernelspec the kernel runs', () => {
    expect(
      currentTarget(targets, { kernelName: 'nbcraft-py', kernelId: 'k1' })
    ).toBe(local);
  });
  it('is null for a plain kernel', () => {
    expect(
      currentTarget(targets, { kernelName: 'python3', kernelId: 'k1' })
    ).toBeNull();
  });
  it('prefers a Spark target rebound in this very kernel', () => {
    expect(
      currentTarget(targets, {
        kernelName: 'python3',
        kernelId: 'k1',
        rebound: { target: 'spark-local', kernelId: 'k1' }
      })
    ).toBe(spark);
  });
  it('is not a gateway target whose kernel a kernel of this machine shadows (shadowedTarget is)', () => {
    const gateway: ComputeTarget = {
      name: 'k8s',
      kind: 'gateway',
      reachable: false,
      kernelspec: 'python3',
      detail: 'a kernel of this machine is also named ...',
      shadowed: true
    };
    const session = { kernelName: 'python3', kernelId: 'k1' };
    expect(currentTarget([gateway], session)).toBeNull();
    expect(shadowedTarget([gateway], session)).toBe(gateway);
    expect(
      shadowedTarget([gateway], { kernelName: 'python_k8s', kernelId: 'k1' })
    ).toBeNull();
    // unreachable for another reason (the gateway is down): its own kernel, named as the target
    const down = { ...gateway, shadowed: false };
    expect(currentTarget([down], session)).toBe(down);
    expect(shadowedTarget([down], session)).toBeNull();
  });
  it('forgets a rebind once the kernel was replaced', () => {
    expect(
      currentTarget(targets, {
        kernelName: 'python3',
        kernelId: 'k2',
        rebound: { target: 'spark-local', kernelId: 'k1' }
      })
    ).toBeNull();
  });
});

describe('targetLabel', () => {
  it('names the target, the local kernel, a vanished target, or no kernel', () => {
    expect(
      targetLabel(
        local,
        { kernelName: 'nbcraft-py', kernelId: 'a' },
        'local',
        'none'
      )
    ).toBe('py');
    expect(
      targetLabel(
        null,
        { kernelName: 'python3', kernelId: 'a' },
        'local',
        'none'
      )
    ).toBe('local');
    expect(
      targetLabel(
        null,
        { kernelName: 'nbcraft-gone', kernelId: 'a' },
        'local',
        'none'
      )
    ).toBe('gone');
    expect(
      targetLabel(null, { kernelName: null, kernelId: null }, 'local', 'none')
    ).toBe('none');
  });

  it('says starting, not "no kernel", while the notebook is still getting its kernel', () => {
    const opening = { kernelName: null, kernelId: null, starting: true };
    expect(targetLabel(null, opening, 'local', 'no kernel', 'starting…')).toBe(
      'starting…'
    );
  });
});

describe('unavailableReason', () => {
  it('passes the server detail through for unreachable targets', () => {
    expect(unavailableReason(spark)).toContain('not reachable');
    expect(unavailableReason(broken)).toContain('compute.targets[2].url');
    expect(unavailableReason(local)).toBeNull();
    expect(unavailableReason({ ...local, kernelspec: null })).toContain(
      'no kernelspec'
    );
  });
});

describe('the picker’s own reasons, in the user’s language', () => {
  // A translation bundle that marks what went through it (the server's details do not).
  const marked = {
    ...nullTranslator.load('nbcraft'),
    __: (text: string) => `«${text}»`
  };
  it('translates the reasons it writes itself', () => {
    expect(unavailableReason({ ...local, kernelspec: null }, marked)).toMatch(
      /^«the server has no kernelspec for this target»$/
    );
    expect(unavailableReason({ ...spark, detail: undefined }, marked)).toMatch(
      /^«.*»$/
    );
    expect(unavailableReason(spark, marked)).toBe(spark.detail);
    expect(
      resolveSwitch(
        { ...spark, reachable: true },
        { kernelName: 'python3', kernelId: 'k' },
        null,
        marked
      ).reason
    ).toBe('«a new kernel is started for this target»');
  });
});

describe('resolveSwitch', () => {
  const session = { kernelName: 'python3', kernelId: 'k' };
  it('uses the server plan when there is one', () => {
    const plan = {
      mode: 'rebind' as const,
      kernelspec: 'python3',
      stateLost: false,
      code: 'spark = 1'
    };
    expect(resolveSwitch({ ...spark, reachable: true }, session, plan)).toEqual(
      plan
    );
  });
  it('never rebinds without code to run', () => {
    const plan = resolveSwitch(spark, session, {
      mode: 'rebind',
      kernelspec: 'python3',
      stateLost: false
    });
    expect(plan.mode).toBe('change-kernel');
    expect(plan.kernelspec).toBe('nbcraft-spark-local');
    expect(plan.stateLost).toBe(true);
  });
  it('changes the kernel, with state lost, when the server cannot plan', () => {
    expect(resolveSwitch(local, session, null)).toMatchObject({
      mode: 'change-kernel',
      kernelspec: 'nbcraft-py',
      stateLost: true
    });
    expect(
      resolveSwitch(local, { kernelName: 'nbcraft-py', kernelId: 'k' }, null)
        .mode
    ).toBe('none');
  });
});

describe('cellsToRerun', () => {
  it('takes the code cells strictly above the active one', () => {
    expect(
      cellsToRerun(['markdown', 'code', 'raw', 'code', 'code'], 4)
    ).toEqual([1, 3]);
    expect(cellsToRerun(['code'], 0)).toEqual([]);
  });
});

describe('trackingLabel', () => {
  it('shows the URI without credentials, and says when it is unreachable', () => {
    expect(
      trackingLabel(
        { kind: 'mlflow', uri: 'http://u:p@127.0.0.1:5000', reachable: true },
        'none'
      )
    ).toBe('http://127.0.0.1:5000');
    expect(
      trackingLabel({ kind: 'databricks', uri: null, reachable: false }, 'none')
    ).toBe('databricks (unreachable)');
    expect(trackingLabel(null, 'none')).toBe('none');
    expect(
      trackingLabel(
        {
          kind: 'embedded',
          uri: 'http://127.0.0.1:5000',
          reachable: false,
          state: 'starting'
        },
        'none'
      )
    ).toBe('http://127.0.0.1:5000 (starting…)');
    expect(
      trackingLabel(
        { kind: null, uri: null, reachable: false, state: 'disabled' },
        'none'
      )
    ).toBe('none');
    expect(stripCredentials('databricks://dev')).toBe('databricks://dev');
    // a password holding an `@`: all the user-info goes, not a part of it
    expect(stripCredentials('https://u:p@ss@h/x')).toBe('https://h/x');
    expect(stripCredentials('https://:s@c@r@h:5000')).toBe('https://h:5000');
    // an `@` after the authority is no user-info
    expect(stripCredentials('https://h/a@b?c=d@e')).toBe('https://h/a@b?c=d@e');
  });
});

describe('shortTrackingPlace', () => {
  it('keeps the host and port, and marks a path left out', () => {
    expect(shortTrackingPlace('http://127.0.0.1:53655')).toBe(
      '127.0.0.1:53655'
    );
    expect(shortTrackingPlace('http://127.0.0.1:53655/')).toBe(
      '127.0.0.1:53655'
    );
    expect(
      shortTrackingPlace('https://mlflow.example.org/team/a-long/path')
    ).toBe('mlflow.example.org/…');
    expect(
      shortTrackingPlace(
        'azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/0000/resourceGroups/rg'
      )
    ).toBe('azureml://eastus.api.azureml.ms/…');
    expect(shortTrackingPlace('databricks')).toBe('databricks');
    expect(shortTrackingPlace('databricks://dev')).toBe('databricks://dev');
  });

  it('is what the short label shows, never the credentials', () => {
    const status = {
      kind: 'mlflow',
      uri: 'https://u:secret@mlflow.example.org:8443/team/path',
      reachable: false
    };
    const words = { starting: 'starting…', unreachable: 'unreachable' };
    expect(trackingLabel(status, 'none', words, true)).toBe(
      'mlflow.example.org:8443/… (unreachable)'
    );
    expect(trackingLabel(status, 'none', words)).toBe(
      'https://mlflow.example.org:8443/team/path (unreachable)'
    );
  });
});

describe('withLocalTarget and hasOtherTarget', () => {
  const detail = 'default kernel';
  it('offers local (the default kernelspec) to come back to', () => {
    const offered = withLocalTarget([spark], 'python3', detail);
    expect(offered.map(t => t.name)).toEqual(['local', 'spark-local']);
    expect(offered[0]).toMatchObject({
      kind: 'local',
      kernelspec: 'python3',
      reachable: true,
      source: 'builtin'
    });
    // A notebook on the remote target can switch back; one on local has the target to go to.
    const onSpark = currentTarget([...offered, { ...spark, reachable: true }], {
      kernelName: 'nbcraft-spark-local',
      kernelId: 'k'
    });
    expect(hasOtherTarget(offered, onSpark)).toBe(true);
  });

  it('has nothing to switch to with no targets declared', () => {
    const offered = withLocalTarget([], 'python3', detail);
    const current = currentTarget(offered, {
      kernelName: 'python3',
      kernelId: 'k'
    });
    expect(current?.name).toBe('local');
    expect(hasOtherTarget(offered, current)).toBe(false);
    // An unreachable target is no way out either.
    expect(
      hasOtherTarget(withLocalTarget([spark], 'python3', detail), current)
    ).toBe(false);
  });

  it('adds no second local when a declared target is the default kernelspec', () => {
    const declared = { ...local, kernelspec: 'python3' };
    expect(withLocalTarget([declared], 'python3', detail)).toEqual([declared]);
    expect(withLocalTarget([spark], null, detail)).toEqual([spark]);
  });
});
