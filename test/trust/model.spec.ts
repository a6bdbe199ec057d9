import { nullTranslator } from '@jupyterlab/translation';

import { TrustStateSchema, type TrustState } from '../../src/trust/api';
import {
  describeRequest,
  nestedConfigHint,
  NOTICE_MAX_LENGTH,
  noticeKey,
  noticeText,
  projectConfigAt,
  rootOnlyKeysIn,
  targetSummary
} from '../../src/trust/model';

const trans = nullTranslator.load('nbcraft');

/** The shape GET /nbcraft/trust answers for an untrusted file (tests/trust). */
const untrusted: TrustState = {
  path: '/home/u/project/nbcraft.json',
  file: 'nbcraft.json',
  sha256: 'ab'.repeat(32),
  trusted: false,
  requests: ['tracking', 'compute'],
  heldBack: true,
  error: null,
  trustProblem: null,
  tracking: { uri: 'https://mlflow.example.org' },
  targets: [
    {
      name: 'spark',
      kind: 'spark-connect',
      where: 'sc://spark.example.org:15002',
      python: 'tools/py',
      envNames: []
    },
    {
      name: 'k8s',
      kind: 'gateway',
      where: 'https://gw.example.org',
      python: null,
      envNames: ['TZ']
    }
  ],
  pipelines: []
};

describe('the trust notice', () => {
  it('says what the file would set: tracking server, targets with hosts and interpreters', () => {
    // "in this folder" read as the folder open in the file browser (in the walk, a cloned
    // project's own nbcraft.json there): the file is the one at the Jupyter root.
    const text = describeRequest(untrusted, trans);
    expect(text).toBe(
      'nbcraft.json at the Jupyter root asks to set the tracking server https://mlflow.example.org; ' +
        '2 compute targets: spark (spark-connect) on sc://spark.example.org:15002, interpreter tools/py; ' +
        'k8s (gateway) on https://gw.example.org. These project settings are held back until you ' +
        'trust this file; trust it only if you trust where it came from.'
    );
  });

  it('names one target in the singular and lists pipelines', () => {
    const text = describeRequest(
      {
        ...untrusted,
        tracking: null,
        targets: [untrusted.targets[1]],
        pipelines: ['train']
      },
      trans
    );
    expect(text).toContain(
      'asks to set 1 compute target: k8s (gateway) on https://gw.example.org; pipelines train.'
    );
  });

  it('is asked once per content, and never for a trusted or quiet file', () => {
    expect(noticeKey(untrusted)).toBe(
      `/home/u/project/nbcraft.json#${'ab'.repeat(32)}`
    );
    expect(noticeKey({ ...untrusted, sha256: 'cd'.repeat(32) })).not.toBe(
      noticeKey(untrusted)
    );
    expect(
      noticeKey({ ...untrusted, trusted: true, heldBack: false })
    ).toBeNull();
    expect(noticeKey({ ...untrusted, heldBack: false })).toBeNull();
  });

  it('summarizes a target without an interpreter', () => {
    expect(targetSummary(untrusted.targets[1], trans)).toBe(
      'k8s (gateway) on https://gw.example.org'
    );
  });

  it('accepts the server shape and refuses one without the hash', () => {
    expect(TrustStateSchema.parse(untrusted)).toEqual(untrusted);
    const { sha256: _dropped, ...noHash } = untrusted;
    expect(TrustStateSchema.safeParse(noHash).success).toBe(false);
  });
});

describe('the notice text', () => {
  it('gives hosts and interpreters when they fit in a notification', () => {
    const one = {
      ...untrusted,
      tracking: null,
      targets: [untrusted.targets[0]]
    };
    const text = noticeText(one, trans);
    expect(text).toBe(
      'nbcraft.json asks to set 1 target: spark on sc://spark.example.org:15002 (tools/py). Held back until you trust it.'
    );
    expect(text.length).toBeLessThanOrEqual(NOTICE_MAX_LENGTH);
  });

  it('falls back to counts, never cut off, when they do not', () => {
    const text = noticeText(untrusted, trans);
    expect(text).toBe(
      'nbcraft.json asks to set a tracking server, 2 compute targets (see Details). Held back until you trust it.'
    );
    expect(text.length).toBeLessThanOrEqual(NOTICE_MAX_LENGTH);
  });
});

describe('which project config file a saved path is', () => {
  it('tells the root file, which trust is about, from a nested one', () => {
    expect(projectConfigAt('nbcraft.json')).toBe('root');
    expect(projectConfigAt('pyproject.toml')).toBe('root');
    expect(projectConfigAt('sub/nbcraft.json')).toBe('nested');
    expect(projectConfigAt('a/b/pyproject.toml')).toBe('nested');
    expect(projectConfigAt('notes/nbcraft.json.bak')).toBeNull();
    expect(projectConfigAt('sample-training.ipynb')).toBeNull();
  });

  it('finds the keys only the root file may set, and says where they belong', () => {
    expect(
      rootOnlyKeysIn({ rules: {}, compute: { targets: [] }, tracking: null })
    ).toEqual(['compute']);
    expect(rootOnlyKeysIn({ promote: { moduleDir: 'src/x' } })).toEqual([]);
    expect(rootOnlyKeysIn(null)).toEqual([]);
    expect(
      nestedConfigHint('sub/nbcraft.json', ['tracking', 'compute'], trans)
    ).toBe(
      'sub/nbcraft.json sets tracking, compute, which nbcraft reads only from the project file at the Jupyter root (once you trust it); its lint and promote options apply to the notebooks under its folder.'
    );
  });
});
