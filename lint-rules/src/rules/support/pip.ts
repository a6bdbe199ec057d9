/** `pip install` commands found on the lines of a code cell (`%pip`, `!pip`, bare `pip` as Databricks exports). */
import type { LintCell } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';
import { PIP_QUERY_VERBS } from '../../python/mask';
import { inStringLiteral } from './syntax';
import { trimEndWhere } from '../../engine/text';

export interface PipInstall {
  /** offset of the line start in the cell source */
  lineStart: number;
  /** the command form: '%pip', '!pip', 'pip', '%conda'... */
  form: string;
  /** offset and length of the form in the source */
  formFrom: number;
  formTo: number;
  /** requirement tokens (not options) with their offsets */
  packages: { text: string; from: number; to: number }[];
  /** `-r file` / `-c file` / `-e path` present */
  usesFile: boolean;
  /**
   * `--no-index` with `-f`/`--find-links` naming only local folders or files: pip may install nothing
   * but the wheels found there (an offline install, as Kaggle's code competitions require), so the
   * version is the one those files hold, not an index's newest
   */
  localWheelsOnly: boolean;
  /**
   * `-U`/`--upgrade` (also in a short-flag group, `-qU`), `--force-reinstall`, `-I`/`--ignore-installed`,
   * an editable install in a group (`-qe path`): pip may replace a distribution already installed;
   * without them it leaves one that satisfies a requirement as it is ("Requirement already
   * satisfied")
   */
  replacesInstalled: boolean;
}

const COMMAND =
  /^(\s*)(%pip3?|!\s*pip3?|pip3?|%conda|!\s*conda|%mamba)(\s+)install\b/;
/** options whose next token is their value, not a package */
const TAKES_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--trusted-host',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--progress-bar',
  '--cache-dir',
  '--src',
  '-n',
  '--name',
  '-p',
  '--prefix',
  '--channel'
]);

/** installs by other means than COMMAND's: uv, or pip run as a module of some Python */
const OTHER_INSTALLER =
  /^\s*!\s*(uv\s+(pip\s+install|add)|(\{sys\.executable\}|python3?)\s+-m\s+pip\s+install)\b/;

/**
 * A cell that only installs packages (`!pip install ...`, `%pip install ...` under `%%capture`,
 * then perhaps Databricks' `dbutils.library.restartPython()`): it sets up the environment, which
 * outlives the kernel, and reads or binds nothing a later cell's saved output depends on.
 */
export function onlyInstallsPackages(source: string): boolean {
  let installs = 0;
  for (const line of source
    .replace(/^%%capture\b.*(\r\n|\r|\n)?/, '')
    .split(LINE_BREAK)) {
    if (COMMAND.test(line) || OTHER_INSTALLER.test(line)) {
      installs++;
    } else if (
      !/^\s*(#.*)?$/.test(line) &&
      !/^\s*dbutils\.library\.restartPython\(\)\s*(#.*)?$/.test(line)
    ) {
      return false;
    }
  }
  return installs > 0;
}

/**
 * `pip show`, `pip list`, `pip freeze`: pip's commands that only print what is installed, as a
 * magic, a shell escape or IPython's automagic (`pip list`, python/mask's BARE_PIP)
 */
const QUERY = new RegExp(
  `^\\s*(%pip3?|!\\s*pip3?|pip3?)\\s+(${PIP_QUERY_VERBS.join('|')})\\b`
);
/**
 * what makes a query line do more than print: the shell runs a redirection (`> requirements.txt`
 * writes a file), a pipe (`| xargs pip install -U`), a command list (`&&`, `||`, `;`) or a
 * command substitution (`$(...)`, backticks) as well; IPython hands `!` lines and `%pip`'s
 * arguments to the shell
 */
const SHELL_MORE = /[>|;`]|&&|\$\(/;

/**
 * A cell that only asks pip what is installed (`!pip show azureml-datadrift`, `%pip list`): pip's
 * show, list and freeze print information about installed packages and change nothing
 * (https://pip.pypa.io/en/stable/cli/pip_show/, pip_list/, pip_freeze/); its effect is its own
 * output. A line that also redirects, pipes or chains another command (`!pip freeze >
 * requirements.txt`, `!pip show torch && pip install torch==2.3.0`) is no query.
 */
export function onlyQueriesPackages(source: string): boolean {
  let queries = 0;
  for (const line of source.split(LINE_BREAK)) {
    if (QUERY.test(line) && !SHELL_MORE.test(line)) {
      queries++;
    } else if (!/^\s*(#.*)?$/.test(line)) {
      return false;
    }
  }
  return queries > 0;
}

const NONE: readonly PipInstall[] = Object.freeze([]);

/**
 * A one-entry memo: the engine runs every rule's cell hook on a cell before it moves to the next
 * cell, so the three rules that ask (unpinned-pip-install, shell-pip-install,
 * databricks-pip-not-first) ask about one cell one after the other, and the search for `install`
 * in its source (almost every cell has none) runs once. It holds the last cell asked about.
 */
let lastCell: LintCell | null = null;
let lastInstalls: readonly PipInstall[] = NONE;

/** The cell's pip/conda install commands, found once per cell. */
export function findPipInstalls(lc: LintCell): readonly PipInstall[] {
  if (lc !== lastCell) {
    lastInstalls =
      lc.cell.kind === 'code' && lc.cell.source.includes('install')
        ? scanPipInstalls(lc)
        : NONE;
    lastCell = lc;
  }
  return lastInstalls;
}

function scanPipInstalls(lc: LintCell): PipInstall[] {
  const out: PipInstall[] = [];
  const lines = lc.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // COMMAND needs `install` on the line: most lines of the cell lack it
    const m = line.includes('install') ? COMMAND.exec(line) : null;
    if (!m) {
      continue;
    }
    const lineStart = lc.offsetAt({ line: i, column: 0 });
    // an install line inside a triple-quoted string (set-up instructions) is text nothing runs
    if (inStringLiteral(lc, lineStart + m[1].length)) {
      continue;
    }
    // join `\` continuation lines, remembering where each token is
    let text = line;
    let base = lineStart;
    const tokens: { text: string; from: number; to: number }[] = [];
    let stop = false;
    for (let j = i, first = true; ; first = false) {
      const body = first ? text.slice(m[0].length) : text;
      const bodyStart = base + (first ? m[0].length : 0);
      // shell words: a quoted part is one word with its blanks (`'numpy >= 1.24'`,
      // `"pkg @ https://host/pkg.whl"`), as the shell hands it to pip
      const tokenRe = /(?:"[^"\n]*"|'[^'\n]*'|[^\s'"]|['"])+/g;
      for (let t = tokenRe.exec(body); t; t = tokenRe.exec(body)) {
        if (t[0] === '\\') {
          continue;
        }
        // a comment, or a shell operator (`| grep -v ...`, `> log`, `&& ...`, `; ...`): the
        // install's arguments end there
        if (t[0].startsWith('#') || /^(\||&&|;|>|>>|2>|2>&1|&)/.test(t[0])) {
          stop = true;
          break;
        }
        tokens.push({
          text: t[0],
          from: bodyStart + t.index,
          to: bodyStart + t.index + t[0].length
        });
      }
      if (stop || !/\\\s*$/.test(text) || j + 1 >= lines.length) {
        break;
      }
      j++;
      i = j;
      base = lc.offsetAt({ line: j, column: 0 });
      text = lines[j];
    }
    const install: PipInstall = {
      lineStart,
      form: m[2].replace(/\s+/g, ''),
      formFrom: lineStart + m[1].length,
      formTo: lineStart + m[1].length + m[2].length,
      packages: [],
      usesFile: false,
      localWheelsOnly: false,
      replacesInstalled: false
    };
    let noIndex = false;
    const findLinks: string[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k];
      const flag = tok.text.split('=')[0];
      if (tok.text.startsWith('-')) {
        if (
          [
            '-r',
            '--requirement',
            '-c',
            '--constraint',
            '-e',
            '--editable'
          ].includes(flag)
        ) {
          install.usesFile = true;
        }
        if (
          /^-[a-zA-Z]*[UIe]/.test(flag) ||
          ['--upgrade', '--force-reinstall', '--ignore-installed'].includes(
            flag
          )
        ) {
          install.replacesInstalled = true;
        }
        if (flag === '--no-index') {
          noIndex = true;
        } else if (flag === '-f' || flag === '--find-links') {
          const value = tok.text.includes('=')
            ? tok.text.slice(tok.text.indexOf('=') + 1)
            : k + 1 < tokens.length
              ? tokens[k + 1].text
              : '';
          findLinks.push(value.replace(/^['"]|['"]$/g, ''));
        }
        if (TAKES_VALUE.has(tok.text)) {
          k++;
        }
        continue;
      }
      install.packages.push({
        text: tok.text.replace(/^['"]|['"]$/g, ''),
        from: tok.from,
        to: tok.to
      });
    }
    // a find-links URL (http, https, ...) is a page whose files change like an index's; a
    // `$VAR`, `{expr}` or `%VAR%` may name one
    install.localWheelsOnly =
      noIndex &&
      findLinks.length > 0 &&
      findLinks.every(link => !/[${%]/.test(link)) &&
      findLinks.every(
        link => link !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(link)
      );
    out.push(install);
  }
  return out;
}

/** a VCS URL (`git+https://host/org/repo.git@ref#egg=x`), alone or after `name @` */
const VCS_URL = /(?:^|@\s*)((?:git|hg|svn|bzr)\+[a-z]+:\/\/\S*)/i;

/**
 * Whether a VCS URL names one revision: a commit hash (`@3f2a9c1...`, 7 to 40 hex digits) or a
 * release tag (`@v1.2.0`, `@1.4`), as `==` names a release. pip installs a branch's newest state
 * (`@main`) and, without `@ref`, the default branch's: the version changes as commits land, so
 * those are not pinned (PEP 440's direct references and pip's VCS docs: only a commit hash is
 * immutable; a tag is the project's release name, as on an index).
 */
function vcsUrlPinned(url: string): boolean {
  const path = url.replace(/#.*$/, '').replace(/^[^:]+:\/\/[^/]*/, '');
  // the ref is what follows the last `@`: one name (a branch's may hold `/`, never a pin) or a
  // full ref `refs/tags/x`, which pins as the archive form's `archive/refs/tags/x.zip` does
  const at = path.lastIndexOf('@');
  return at >= 0 && refPinned(path.slice(at + 1));
}

/**
 * A release version as projects tag it: `v1.2.0`, `1.4` (two numbers at least: a single-number
 * tag, `v1` or `2024`, is by convention a major tag that moves to each release, or names a
 * maintenance branch, /tmp/rv23 N5), with PEP 440's or semver's pre-release,
 * post and dev parts (`1.2.0rc1`, `2.0.0-beta.1`, `1.4.post2`, `0.3.0.dev1`). A dev or post part
 * needs its number: `1.0-dev` is how a maintenance branch is named, as `2.x`, `1.x-stable` and
 * `4.0-maint` are; branches move as commits land (session 21's review, R6). Anchored, with
 * bounded repeats: each character is read a fixed number of times.
 */
const RELEASE_VERSION =
  /^v?\d+(?:\.\d+)+(?:[-_.]?(?:(?:alpha|beta|preview|pre|rc|a|b|c)[-_.]?\d*|(?:post|rev|r|dev)[-_.]?\d+)){0,3}$/i;

/**
 * Whether a VCS or archive ref names one revision: a commit hash (7 to 40 hex digits) or a
 * release tag by its version name. Any other ref (`main`, `develop`, `2.x`) is a branch.
 */
function namesOneRevision(ref: string): boolean {
  return /^[0-9a-f]{7,40}$/i.test(ref) || RELEASE_VERSION.test(ref);
}

/**
 * A PEP 508 direct reference whose URL a placeholder fills in: `name @ {ref}` (an f-string field,
 * `{dbutils.widgets.get("ref")}` in a Databricks `%pip` line), `name @ $REF`, `name @ ${REF}`.
 * PEP 508's `url_req` is `name extras? urlspec` with `urlspec = '@' URI_reference`: after the
 * `@` only a URL can stand, and PEP 440's "Direct references" install the artifact that URL names
 * ("rather than a version specifier"), so the requirement is pinned to what the caller passes,
 * as a `$VAR` or `{var}` standing for the whole requirement is.
 */
const DIRECT_REFERENCE_PLACEHOLDER = /^[A-Za-z0-9][\w.-]*\s*@\s*(?:\{|\$)/;

const GITLAB_ARCHIVE = '/-/archive/';

/**
 * The ref a repository archive URL names: GitHub's `/o/r/archive/<ref>.zip` (`<ref>` may be
 * `refs/heads/x` or `refs/tags/x`), its `zipball`/`tarball` links (`/o/r/zipball/<ref>`, the API's
 * `/repos/o/r/tarball`; no ref: the default branch, given as ''), codeload's `/o/r/zip/<ref>`, and
 * GitLab's `/o/r/-/archive/<ref>/<name>.zip`. Null for any other URL.
 */
function archiveRef(url: string): string | null {
  const host = /^[a-z+]+:\/\/([^/?#]*)/i.exec(url)?.[1].toLowerCase() ?? '';
  const path = url.replace(/^[a-z+]+:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
  const github = host === 'github.com' || host === 'www.github.com';
  let m: RegExpExecArray | null;
  if (
    github &&
    (m = /^\/[^/]+\/[^/]+\/archive\/(.+?)\.(?:zip|tar\.gz|tgz)$/i.exec(path))
  ) {
    return m[1];
  }
  if (
    (github || host === 'api.github.com') &&
    (m = /\/(?:zipball|tarball)(?:\/|$)/i.exec(path))
  ) {
    // the rest after the first `zipball`/`tarball`, without a trailing `/`
    const rest = path.slice(m.index + m[0].length);
    return rest.endsWith('/') ? rest.slice(0, -1) : rest;
  }
  if (
    host === 'codeload.github.com' &&
    (m =
      /^\/[^/]+\/[^/]+\/(?:zip|tar\.gz|legacy\.zip|legacy\.tar\.gz)\/(.+)$/i.exec(
        path
      ))
  ) {
    return m[1];
  }
  // GitLab: the text between the first `/-/archive/` and the last `/` (two index searches; the
  // unanchored pattern `\/-\/archive\/(.+)\/[^/]+$` tried every `/-/archive/` and backtracked
  // over every `/` after it: 110 KB took 8.5 s)
  const at = path.indexOf(GITLAB_ARCHIVE);
  const last = path.lastIndexOf('/');
  return at >= 0 && last > at + GITLAB_ARCHIVE.length && last < path.length - 1
    ? path.slice(at + GITLAB_ARCHIVE.length, last)
    : null;
}

/**
 * Whether a VCS URL's `@ref` or an archive's ref names one tree: a tag (`refs/tags/x`, a
 * release name `v1.2.0`) or a commit hash does; a branch
 * (`refs/heads/x`, `main`, `develop`, `release/2.1`, `feature-x`) or the default branch follows
 * commits as they land, so the archive changes under the same URL.
 */
function refPinned(ref: string): boolean {
  if (/^refs\/tags\/./i.test(ref)) return true;
  return namesOneRevision(ref);
}

/**
 * The first `scheme://...` in a requirement, to the next blank: found from the first `://` and
 * walked back over the scheme's letters, so a long word with no `://` is read once (the
 * unanchored `/[a-z+]+:\/\/\S+/i` started a run at every letter: 50 KB took 13 s).
 */
function urlIn(req: string): string | null {
  for (
    let sep = req.indexOf('://');
    sep >= 0;
    sep = req.indexOf('://', sep + 1)
  ) {
    let start = sep;
    while (start > 0 && /[a-z+]/i.test(req[start - 1])) start--;
    if (start === sep) continue;
    let end = sep + 3;
    while (end < req.length && !/\s/.test(req[end])) end++;
    if (end > sep + 3) return req.slice(start, end);
  }
  return null;
}

/**
 * Whether a requirement names one exact version (or a file, archive URL or VCS commit that does:
 * a VCS URL without a commit hash, or a branch's archive, is not pinned).
 */
export function isPinned(requirement: string, allowRanges: boolean): boolean {
  const req = requirement.replace(/\[[^\]]*\]/, '');
  const vcs = VCS_URL.exec(req);
  if (vcs) {
    return vcsUrlPinned(vcs[1]);
  }
  if (DIRECT_REFERENCE_PLACEHOLDER.test(req)) {
    return true;
  }
  const url = urlIn(req);
  const ref = url === null ? null : archiveRef(trimEndWhere(url, /['"]/));
  if (ref !== null) {
    return refPinned(ref);
  }
  if (
    /^(\.|\/|~|\$|\{|[a-z+]+:\/\/|git\+)|\.(whl|tar\.gz|zip)$/i.test(req) ||
    /@\s*[^\s@]+:\/\//.test(req)
  ) {
    return true;
  }
  const equals = req.indexOf('==');
  if (
    /===?\s*[\w.*+!-]+/.test(req) &&
    !(equals >= 0 && req.lastIndexOf('*') > equals + 1)
  ) {
    return true;
  }
  // a range bounds the version; exclusions alone (`!=1.0`) do not
  return allowRanges && /(~=|>=|<=|<|>)/.test(req);
}

/** distributions whose import name is not their project name (the common ones in notebooks) */
const IMPORT_NAMES: Record<string, string[]> = {
  'scikit-learn': ['sklearn'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  'opencv-contrib-python': ['cv2'],
  pillow: ['PIL'],
  beautifulsoup4: ['bs4'],
  pyyaml: ['yaml'],
  'python-dotenv': ['dotenv'],
  'azure-ai-ml': ['azure.ai.ml'],
  'azureml-core': ['azureml.core'],
  'azureml-mlflow': ['azureml.mlflow'],
  'databricks-sdk': ['databricks.sdk'],
  'databricks-connect': ['databricks.connect'],
  pyspark: ['pyspark'],
  'tensorflow-gpu': ['tensorflow'],
  'torch-geometric': ['torch_geometric']
};

/** A requirement's project name as written, lower case (`'Ghp_Import==1.0'` -> `ghp_import`). */
export function requirementName(requirement: string): string {
  return requirement
    .replace(/^['"]|['"]$/g, '')
    .split(/[[<>=!~;@\s]/)[0]
    .toLowerCase();
}

/**
 * The module names a requirement (`scikit-learn==1.4`, `azure-ai-ml[extra]`) may be imported as:
 * the project name with `-`/`.` as `_`, as dots (namespace packages), and the known exceptions.
 */
export function moduleNamesOfRequirement(requirement: string): string[] {
  const name = requirementName(requirement);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    return [];
  }
  return [
    ...(Object.hasOwn(IMPORT_NAMES, name) ? IMPORT_NAMES[name] : []),
    name.replace(/[-.]/g, '_'),
    name.replace(/[-_]/g, '.')
  ];
}

/** a package installer's own call (`conda_installer.install()` of deepchem's Colab script, `condacolab.install()`) */
const INSTALLER_CALL = /^\s*\w*(?:installer|condacolab)\.install\(/;

/**
 * Whether a cell installs packages on some line (`!pip install`, `%conda install`, `!uv pip
 * install`, `condacolab.install()`), whatever else it does.
 */
export function installsPackages(source: string): boolean {
  return source
    .split(LINE_BREAK)
    .some(
      line =>
        COMMAND.test(line) ||
        OTHER_INSTALLER.test(line) ||
        INSTALLER_CALL.test(line)
    );
}
