import { z } from 'zod';
import { defineRule } from '../engine/types';
import { findPipInstalls, isPinned, requirementName } from './support/pip';
import { once } from './support/syntax';
import { pinForm } from './support/requirementPin';

const options = z.object({
  allowRanges: z.boolean().default(false).meta({
    title: 'Allow version ranges',
    description: 'Accept `pkg>=1.2` and `pkg~=1.2` as pinned.'
  }),
  installedVersions: z.record(z.string(), z.string()).default({}).meta({
    title: 'Installed versions',
    description:
      'Distribution name -> installed version; an unpinned package found here gets a fix pinning it. The lab fills it from the running kernel, `nbcraft lint --pin-from-env` from the Python on PATH.'
  }),
  ownPackages: z.array(z.string()).default([]).meta({
    title: "The project's own packages",
    description:
      'Distribution names this project publishes (`catboost`, `oracle-ads`): its own notebooks may install them unpinned. Compared as PEP 503 normalises names (case, `-`, `_`, `.`). `nbcraft lint` adds the name in the nearest `pyproject.toml`, `setup.cfg` or `setup.py` above the notebook; in the lab, set it in the project config.'
  })
});

/** a token that names a requirements/constraints file, not a package */
const REQUIREMENTS_FILE = /(^|[\\/])[\w.-]*\.(txt|in)$/i;
/** a bare project name, extras allowed: the only form a pin is appended to */
const BARE_NAME = /^[A-Za-z0-9][\w.-]*(\[[\w,\s.-]*\])?$/;

/**
 * What an unpinned requirement says about its version (PEP 440 specifiers, blanks allowed around
 * them: `numpy >= 1.24`): nothing (`pandas`), only exclusions (`x!=1.0`: any version but those),
 * only a lower bound (`numpy>=1.24`, `langchain>0.2.16`, also with exclusions `!=`), or another
 * range (`numpy<2`, `x~=1.2`, `x>=1,<2`, `x==1.*`).
 */
function versionBound(
  requirement: string
): 'unpinned' | 'exclusionsOnly' | 'lowerBound' | 'range' {
  const spec = requirement.replace(/\[[^\]]*\]/, '').split(';')[0];
  const ops = spec.match(/~=|===?|!=|<=|>=|<|>/g) ?? [];
  if (ops.length === 0) {
    return 'unpinned';
  }
  if (ops.every(op => op === '!=')) {
    return 'exclusionsOnly';
  }
  return ops.every(op => op === '>' || op === '>=' || op === '!=') &&
    ops.some(op => op !== '!=')
    ? 'lowerBound'
    : 'range';
}

/** PEP 503 normalised project name */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `%pip install pandas` installs whatever is newest on the day someone re-runs the notebook. */
export default defineRule<
  z.output<typeof options>,
  | 'unpinned'
  | 'unpinnedArchive'
  | 'exclusionsOnly'
  | 'lowerBound'
  | 'range'
  | 'fileWithoutFlag'
>({
  meta: {
    code: 'NB105',
    id: 'unpinned-pip-install',
    category: 'reproducibility',
    description: 'A `%pip install` names a package without an exact version.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      unpinned:
        '"{{package}}" is installed without a version; pin it (e.g. {{example}}) or install from a requirements/lock file.',
      unpinnedArchive:
        '"{{package}}" is installed without a version; point it at a release\'s or tag\'s archive and add #sha256=<hash> (pip checks it), or install from a requirements/lock file.',
      exclusionsOnly:
        '"{{package}}" only excludes versions, so the version installed changes as new releases come out; pin it (e.g. {{name}}==<version>) or install from a requirements/lock file.',
      lowerBound:
        '"{{package}}" sets only a lower bound, so the version installed changes as new releases come out; pin it (e.g. {{name}}==<version>) or install from a requirements/lock file.',
      range:
        '"{{package}}" allows a range of versions, so the version installed changes as new releases come out; pin it (e.g. {{name}}==<version>) or install from a requirements/lock file.',
      fileWithoutFlag:
        '"{{package}}" is a requirements file, but without -r pip looks for a package of that name and fails; write -r {{package}}.'
    },
    fixable: true,
    fixLabels: [
      'Install from {{file}} with -r',
      'Pin {{name}} to the installed {{version}}'
    ],
    options
  },
  create(context) {
    const fillsWheelFolder = once(() =>
      context.cells.some(
        lc =>
          lc.cell.kind === 'code' &&
          /\bpip3?\s+(?:download|wheel)\b/.test(lc.cell.source)
      )
    );
    // a library's own docs and examples install the library: a pin there goes stale each release
    const own = new Set(
      context.options.ownPackages.map(normaliseProjectName).filter(n => n)
    );
    const versions = new Map(
      Object.entries(context.options.installedVersions).map(([k, v]) => [
        normaliseProjectName(k),
        v
      ])
    );
    return {
      cell(lc) {
        for (const install of findPipInstalls(lc)) {
          if (
            install.form.includes('conda') ||
            install.form.includes('mamba')
          ) {
            continue;
          }
          // offline from local wheels: the version is what those files hold (a requirements
          // file named without -r is still reported below: pip fails on it all the same), unless
          // the notebook fills such a folder itself (`pip download`/`pip wheel`: the newest on the day)
          const offline = install.localWheelsOnly && !fillsWheelFolder();
          for (const pkg of install.packages) {
            if (REQUIREMENTS_FILE.test(pkg.text)) {
              context.report({
                messageId: 'fileWithoutFlag',
                data: { package: pkg.text },
                cell: lc.cell,
                from: pkg.from,
                to: pkg.to,
                fix: {
                  description: `Install from ${pkg.text} with -r`,
                  edits: [
                    {
                      cell: lc.cell.index,
                      from: pkg.from,
                      to: pkg.from,
                      text: '-r '
                    }
                  ]
                }
              });
            } else if (
              // --no-index ignores indexes only: pip still fetches a URL, VCS or `name @ url` spec
              !(offline && !/[:@/\\]/.test(pkg.text)) &&
              !own.has(normaliseProjectName(requirementName(pkg.text))) &&
              !isPinned(pkg.text, context.options.allowRanges)
            ) {
              const name = pkg.text.split(/[<>=!~;\s]/)[0];
              const version =
                BARE_NAME.test(pkg.text) &&
                lc.cell.source.slice(pkg.from, pkg.to) === pkg.text
                  ? versions.get(normaliseProjectName(name.split('[')[0]))
                  : undefined;
              // a URL is pinned by a ref or a hash: pip rejects `==` after it
              const pin = pinForm(pkg.text, name);
              const bound = versionBound(pkg.text);
              context.report({
                messageId:
                  bound === 'unpinned' && pin.kind === 'archive'
                    ? 'unpinnedArchive'
                    : bound,
                data: {
                  package: pkg.text,
                  name,
                  example: pin.kind === 'archive' ? '' : pin.example
                },
                cell: lc.cell,
                from: pkg.from,
                to: pkg.to,
                fix: version
                  ? {
                      description: `Pin ${name} to the installed ${version}`,
                      edits: [
                        {
                          cell: lc.cell.index,
                          from: pkg.to,
                          to: pkg.to,
                          text: `==${version}`
                        }
                      ]
                    }
                  : undefined
              });
            }
          }
        }
      }
    };
  }
});
