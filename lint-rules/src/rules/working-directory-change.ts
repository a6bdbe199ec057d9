import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell, NodeHandlers } from '../engine/types';
import {
  calleeName,
  importAliases,
  inStringLiteral,
  notebookMentions,
  once,
  qualify
} from './support/syntax';
import { trimEndWhere } from '../engine/text';
import {
  componentBuilderArguments,
  inComponentFunction
} from './support/componentFunctions';

/**
 * Whether the `%cd` lines of a cell bring it back where it started (`%cd tmp` ... `%cd ..`,
 * `%cd build` ... `%cd -`): relative steps are counted; an absolute path or a variable
 * (`%cd $model_id`) leaves the directory unknown.
 */
function cdLinesReturn(args: string[]): boolean {
  let depth: number | null = 0;
  let previous: number | null = 0;
  for (const arg of args) {
    if (arg === '-') {
      [depth, previous] = [previous, depth];
      continue;
    }
    previous = depth;
    if (!arg || /^[/~$\\{]|^[A-Za-z]:|-b\b|\s/.test(arg)) {
      depth = null;
      continue;
    }
    for (const part of trimEndWhere(arg, /\//).split('/')) {
      if (depth !== null && part !== '.' && part !== '') {
        depth += part === '..' ? -1 : 1;
      }
    }
  }
  return depth === 0;
}

/** An absolute path: POSIX `/...`, Windows `C:\\...` or `C:/...`, a UNC `\\\\server\\...` */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

/**
 * Whether a cell's `%cd` lines leave it in the same folder however often it ran before: the first
 * (which the caller checks is not indented under an `if`) goes to a fixed place (an absolute path
 * with no `$var`/`{expr}`, or home: `~`, or no argument at all), and none after it goes back (`-`)
 * to the folder before, or to a bookmark or a variable.
 */
function cdLinesFixed(args: string[]): boolean {
  return (
    args.length > 0 &&
    (args[0] === '' ||
      args[0].startsWith('~') ||
      ABSOLUTE_PATH.test(args[0])) &&
    args.every(arg => arg !== '-' && !/[${]|(?:^|\s)-b\b/.test(arg))
  );
}

/** a string literal naming an absolute path (`~` is not expanded by os.chdir) */
function isAbsoluteLiteral(text: string): boolean {
  const literal = /^[rRuU]?(['"])(.*)\1$/s.exec(text);
  return (
    literal !== null &&
    !literal[2].includes(literal[1]) &&
    ABSOLUTE_PATH.test(literal[2])
  );
}

/**
 * GitPython's `Repo.working_tree_dir`: "the working tree directory" of the repository, an
 * absolute path (git/repo/base.py; None for a bare repository). `git.Repo(os.getcwd(),
 * search_parent_directories=True).working_tree_dir` is the same root from any folder inside the
 * repository, so going there again after a first time changes nothing.
 */
const WORKING_TREE_DIR = /^([\s\S]+)\.working_tree_dir$/;

/** GitPython's repository class, as `qualify` names it (`git.Repo`, `from git import Repo`) */
const GIT_REPO = new Set(['git.Repo', 'git.repo.Repo', 'git.repo.base.Repo']);
/** a call's callee (group 1): `git.Repo(...)`, `Repo(...)` */
const CALL = /^([A-Za-z_][\w.]*)\s*\([\s\S]*\)$/;

/** what the rule reads of the notebook to tell a GitPython repository, each verdict once per name */
interface RepoContext {
  cells: readonly LintCell[];
  aliases: () => Map<string, string>;
  /** per name os.chdir is called with: whether every binding is a repository's root */
  rootNames: Map<string, boolean>;
  /** per name: whether every binding is a GitPython repository (`repo = git.Repo(...)`) */
  repoNames: Map<string, boolean>;
}

/** how often `name` is bound at notebook level, as the scope analysis reads Python's bindings */
function bindingCount(name: string, cells: readonly LintCell[]): number {
  let n = 0;
  for (const lc of cells) {
    if (lc.cell.kind !== 'code' || !lc.cell.source.includes(name)) continue;
    for (const r of lc.analysis?.scope?.refs ?? []) {
      if (r.access === 'bind' && r.name === name) n++;
    }
  }
  return n;
}

/**
 * Whether an expression is a GitPython repository: a call of `git.Repo` (`Repo` imported from
 * git), or a name every binding of which is one. Another object's `working_tree_dir` attribute
 * (`c.working_tree_dir = 'data'`) is any folder.
 */
function isGitRepo(text: string, repo: RepoContext): boolean {
  const call = CALL.exec(text.trim());
  if (call) return GIT_REPO.has(qualify(call[1], repo.aliases()) ?? '');
  if (!/^[A-Za-z_]\w*$/.test(text)) return false;
  let known = repo.repoNames.get(text);
  if (known === undefined) {
    const assigned = new RegExp(
      `^[ \\t]*${text}[ \\t]*=[ \\t]*([A-Za-z_][\\w.]*)[ \\t]*\\(`,
      'gm'
    );
    let repos = 0;
    for (const lc of repo.cells) {
      if (lc.cell.kind !== 'code' || !lc.cell.source.includes(text)) continue;
      for (const m of lc.cell.source.matchAll(assigned)) {
        if (GIT_REPO.has(qualify(m[1], repo.aliases()) ?? '')) repos++;
      }
    }
    const bindings = bindingCount(text, repo.cells);
    known = bindings > 0 && repos === bindings;
    repo.repoNames.set(text, known);
  }
  return known;
}

/** how often `name = <a GitPython repository>.working_tree_dir` stands on a line of its own in `text` */
function rootBindingsOf(name: string, text: string, repo: RepoContext): number {
  const root = new RegExp(
    `^[ \\t]*${name}[ \\t]*=[ \\t]*(.+)\\.working_tree_dir[ \\t]*(?:#.*)?$`,
    'gm'
  );
  let n = 0;
  for (const m of text.matchAll(root)) {
    if (isGitRepo(m[1].trim(), repo)) n++;
  }
  return n;
}

/** the callees whose value is the current working directory (`qualify`'s names) */
const CURRENT_DIRECTORY_CALLS = new Set([
  'os.getcwd',
  'os.getcwdb',
  'pathlib.Path.cwd',
  'pathlib.Path'
]);
/** the callees that return the folder their one argument names, made absolute or tidied */
const SAME_FOLDER_CALLS = new Set([
  'os.path.abspath',
  'os.path.realpath',
  'os.path.normpath',
  'pathlib.Path'
]);

/**
 * Whether an argument names the folder the kernel is in already: `os.getcwd()`, `Path.cwd()`,
 * `'.'`, `os.curdir`, or one of them passed through `os.path.abspath`/`realpath`/`normpath` or
 * `Path(...)`. `os.chdir` to it is a no-op (round 19: `os.chdir(os.getcwd())  # set the working
 * directory`, under Markdown that invites the reader to put a folder there); a path built from
 * it (`os.path.join(os.getcwd(), 'data')`, `os.path.dirname(os.getcwd())`) is another folder.
 */
function isCurrentDirectory(
  node: SyntaxNode,
  cell: LintCell,
  aliases: () => Map<string, string>
): boolean {
  if (node.name === 'String') {
    return /^[rRuU]?(['"])\.\/?\1$/.test(cell.textOf(node));
  }
  if (node.name === 'MemberExpression') {
    return qualify(cell.textOf(node), aliases()) === 'os.curdir';
  }
  if (node.name !== 'CallExpression') return false;
  const callee = qualify(calleeName(node, cell), aliases()) ?? '';
  const args = node.getChild('ArgList');
  const first = args?.firstChild?.nextSibling;
  const noArgs = first?.name === ')';
  if (CURRENT_DIRECTORY_CALLS.has(callee) && noArgs) {
    return true;
  }
  // `Path.cwd().resolve()`, `Path('.').absolute()`: a method of a current-directory path
  const member = node.firstChild;
  if (
    noArgs &&
    member?.name === 'MemberExpression' &&
    member.lastChild?.name === 'PropertyName' &&
    /^(?:resolve|absolute)$/.test(cell.textOf(member.lastChild)) &&
    member.firstChild
  ) {
    return isCurrentDirectory(member.firstChild, cell, aliases);
  }
  return (
    SAME_FOLDER_CALLS.has(callee) &&
    first !== undefined &&
    first !== null &&
    first.nextSibling?.name === ')' &&
    isCurrentDirectory(first, cell, aliases)
  );
}

/**
 * `os.chdir(...)` to a fixed place, where a second run lands where the first did: a string literal
 * naming an absolute path, a repository's `working_tree_dir`, or a name every binding of which in
 * the notebook is a `working_tree_dir` (`root = repo.working_tree_dir` ... `os.chdir(root)`).
 * A name bound to an absolute literal is not let be: round 10 judged `_model_dir = "/tmp/vista3d"`
 * ... `os.chdir(_model_dir)` a true finding (see the rule's doc).
 */
function chdirToFixedPlace(
  node: SyntaxNode,
  cell: LintCell,
  repo: RepoContext
): boolean {
  const args = node.getChild('ArgList');
  const first = args?.firstChild?.nextSibling;
  if (!first || first.nextSibling?.name !== ')') {
    return false;
  }
  if (isCurrentDirectory(first, cell, repo.aliases)) {
    return true;
  }
  const text = cell.textOf(first);
  if (first.name === 'String') {
    return isAbsoluteLiteral(text);
  }
  if (first.name === 'MemberExpression') {
    const receiver = WORKING_TREE_DIR.exec(text)?.[1];
    return receiver !== undefined && isGitRepo(receiver, repo);
  }
  if (first.name !== 'VariableName') {
    return false;
  }
  // the verdict is the name's, whichever call asks: read once per name (a scan per call was
  // quadratic: 5,000 calls on one name, bench/lint-chdir.js)
  let known = repo.rootNames.get(text);
  if (known === undefined) {
    known = onlyRootBindings(text, repo);
    repo.rootNames.set(text, known);
  }
  return known;
}

/**
 * Whether every binding of the notebook-level `name` is `name = <repo>.working_tree_dir`: the
 * bindings are the scope analysis's (assignments, annotated ones, `:=`, every target of a
 * tuple `for`/`with`/`import`, as Python binds them), so a form a pattern would miss (`for name,
 * root in ...`, `root: str = 'outputs'`, `(root := ...)`) still counts against it.
 */
function onlyRootBindings(name: string, repo: RepoContext): boolean {
  let roots = 0;
  for (const lc of repo.cells) {
    if (lc.cell.kind === 'code' && lc.cell.source.includes(name)) {
      roots += rootBindingsOf(name, lc.cell.source, repo);
    }
  }
  const bindings = bindingCount(name, repo.cells);
  return bindings > 0 && roots === bindings;
}

/**
 * `name = os.getcwd()` (or `getcwd()` imported bare), or IPython's `name = %pwd`: a saved working
 * directory
 */
const SAVED_CWD = /(?<![\w.])(\w+)\s*=\s*(?:(?:os\.)?getcwd\(\)|%pwd\b)/g;

/** How often `name` is bound in `text`: assignments (augmented too), `for`/`as` targets, parameters of a def line */
function bindingsOf(name: string, text: string): number {
  const assigned = new RegExp(
    `(?<![\\w.])${name}\\s*(?:[-+*/%&|^@]|//|\\*\\*|<<|>>)?=(?!=)|\\b(?:for|as)\\s+${name}\\b|\\bdef\\s+\\w+\\s*\\([^)]*\\b${name}\\b`,
    'g'
  );
  return [...text.matchAll(assigned)].length;
}

/**
 * The globals the notebook saves the working directory in, each with the first code cell that saves
 * it: a top-level `name = os.getcwd()` outside strings, when every binding of the name in the
 * notebook is such a save (a name later set to something else is not the saved directory).
 */
function savedDirectories(cells: readonly LintCell[]): Map<string, number> {
  const saves = new Map<string, { first: number; count: number }>();
  for (const lc of cells) {
    if (
      lc.cell.kind === 'code' &&
      (lc.cell.source.includes('getcwd') || lc.cell.source.includes('%pwd'))
    ) {
      for (const m of lc.cell.source.matchAll(SAVED_CWD)) {
        const lineStart = lc.cell.source.lastIndexOf('\n', m.index) + 1;
        if (m.index !== lineStart || inStringLiteral(lc, m.index)) {
          continue; // indented (in a block or a function) or inside a string
        }
        const known = saves.get(m[1]);
        saves.set(m[1], {
          first: known?.first ?? lc.cell.index,
          count: (known?.count ?? 0) + 1
        });
      }
    }
  }
  const out = new Map<string, number>();
  for (const [name, { first, count }] of saves) {
    const bindings = cells.reduce(
      (n, lc) =>
        lc.cell.kind === 'code' && lc.cell.source.includes(name)
          ? n + bindingsOf(name, lc.cell.source)
          : n,
      0
    );
    if (bindings === count) {
      out.set(name, first);
    }
  }
  return out;
}

/** the function around a call, or null at a cell's top level */
function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  let scope: SyntaxNode | null = node.parent;
  while (scope && scope.name !== 'FunctionDefinition') {
    scope = scope.parent;
  }
  return scope;
}

/**
 * a change of directory: `os.chdir(name` (group 1: the name, if plain), or a `%cd` line (group 2 or
 * 3: the name of `%cd $name` / `%cd {name}`, with `-q` or not)
 */
const DIRECTORY_CHANGE =
  /\bchdir\(\s*(\w*)|^[ \t]*%cd\b(?:[ \t]+-q)?(?:[ \t]+(?:\$(\w+)|\{(\w+)\})[ \t]*$)?/gm;

/**
 * Whether a function (or, for null, its cell) changes back to a saved working directory as its
 * last change (`os.chdir(cwd)`, `%cd $cwd`): one it saved itself before (`cwd = os.getcwd()` or
 * `cwd = %pwd` ... `%cd $cwd`, round 21), or one an earlier
 * cell saved at its top level (`base_directory = os.getcwd()` in cell 12, `os.chdir(base_directory)`
 * at the end of cell 16, the name bound nowhere else and not a name of the function): a change
 * there does not outlive it. The same for every call in the scope: the rule asks once per scope
 * (a scan of the scope's text per call was quadratic: 10^4 calls in one cell, bench/lint-chdir.js).
 */
function restoresDirectory(
  scope: SyntaxNode | null,
  cell: LintCell,
  saved: () => Map<string, number>
): boolean {
  // the source, not the parsed text: the parser sees `%cd` and `%pwd` lines blanked
  const text = scope ? cell.textOf(scope) : cell.cell.source;
  const changes = [...text.matchAll(DIRECTORY_CHANGE)];
  const last = changes[changes.length - 1] as RegExpExecArray | undefined;
  const name = last?.[1] ?? last?.[2] ?? last?.[3];
  if (!last || !name) {
    return false; // the last change is not to a plain name
  }
  const here = [...text.matchAll(SAVED_CWD)].find(m => m[1] === name);
  if (here) {
    // saved in this scope before its first change, and bound nowhere else in it: the folder the
    // scope started in (a save after a change, or a rebinding, is another folder)
    return here.index < changes[0].index && bindingsOf(name, text) === 1;
  }
  const savedIn = saved().get(name);
  return (
    savedIn !== undefined &&
    savedIn < cell.cell.index &&
    bindingsOf(name, text) === 0
  );
}

/** a line that is one `os.chdir('relative literal')` (or `chdir(...)` imported bare) */
const CHDIR_LITERAL_LINE =
  /^([ \t]*)(?:os\.)?chdir\(\s*[rRuU]?(['"])([^'"\\\n]*)\2\s*\)[ \t]*;?[ \t]*(?:#.*)?$/gm;

/**
 * Whether a scope's changes are all `os.chdir('relative literal')` lines at one indentation that,
 * walked from the notebook's own folder (the folders its path names), end in that folder
 * (round 18: `os.chdir('../examples')` ... `os.chdir('../notebooks')` in notebooks/; round 26:
 * `os.chdir("./data")` ... `os.chdir("..")`): the change does not outlive the scope. A step above
 * the folders the path names, an absolute path, a variable, a `%cd` or a change in a block is
 * unknown, and the scope is not let be.
 */
function literalsLeadBack(text: string, notebookPath: string): boolean {
  const changes = [...text.matchAll(DIRECTORY_CHANGE)].length;
  const lines = [...text.matchAll(CHDIR_LITERAL_LINE)];
  if (changes < 2 || lines.length !== changes) {
    return false;
  }
  const start = notebookPath.split(/[\\/]/).slice(0, -1);
  const here = [...start];
  for (const [, indent, , path] of lines) {
    if (indent !== lines[0][1] || ABSOLUTE_PATH.test(path) || path === '') {
      return false;
    }
    for (const part of path.split(/[\\/]/)) {
      if (part === '..') {
        if (here.length === 0) return false;
        here.pop();
      } else if (part !== '.' && part !== '') {
        here.push(part);
      }
    }
  }
  return here.length === start.length && here.every((p, i) => p === start[i]);
}

/** a condition that reads the current directory: `os.getcwd()`, `Path.cwd()` */
const READS_CWD = /\bgetcwd\s*\(|\bcwd\s*\(\s*\)/;

/**
 * The change is the body of an `if`/`elif` whose condition tests the current directory
 * (`cwd = os.getcwd()` ... `if cwd.endswith('/deploy'): os.chdir('../')`, round 16): it only
 * puts the kernel back where the notebook expects it, whatever ran before. The condition calls
 * getcwd or reads a name the cell (or an earlier cell, `saved`) binds to it.
 */
function guardedByCwdTest(
  call: SyntaxNode,
  cell: LintCell,
  savedNames: (cell: LintCell) => Set<string>,
  saved: () => Map<string, number>
): boolean {
  let body: SyntaxNode | null = call.parent;
  while (body && body.name !== 'Body') {
    if (body.name === 'FunctionDefinition' || body.name === 'Script') {
      return false;
    }
    body = body.parent;
  }
  const condition = body?.prevSibling;
  const keyword = condition?.prevSibling;
  if (!condition || !keyword || !/^(if|elif)$/.test(cell.textOf(keyword))) {
    return false;
  }
  const test = cell.textOf(condition);
  if (READS_CWD.test(test)) return true;
  const names = savedNames(cell);
  return [...test.matchAll(/[A-Za-z_]\w*/g)].some(
    m => names.has(m[0]) || saved().has(m[0])
  );
}

/** `os.chdir` / `%cd`: every relative path after it depends on how many times the cell ran. */
/**
 * A `%cd` argument that is a plain relative folder (`feature_repo`, `./grover`, `a/b`): no
 * variable, no home, no absolute path, no `..`, no bookmark. A second run of its cell looks for
 * the folder inside itself, which the message says (round 24: whylogs' Feast example).
 */
const RELATIVE_FOLDER =
  /^(?!-)(?:\.\/)?(?!\.\.?(?:\/|$))[\w.-]+(?:\/(?!\.\.?(?:\/|$))[\w.-]+)*\/?$/;

export default defineRule<
  Record<string, never>,
  'chdir' | 'cdMagic' | 'cdRelative'
>({
  meta: {
    code: 'NB110',
    id: 'working-directory-change',
    category: 'reproducibility',
    description:
      'The notebook changes the working directory (os.chdir or %cd), so relative paths depend on execution history.',
    defaultSeverity: 'warning',
    // not in `recommended`: five precision reviews of public notebooks (bench/PRECISION.md)
    // judged 10 of 22 findings true; most others were deliberate changes (a lab that drives a CLI tool from
    // its pipeline folder, a repository root a library reads the working directory from) where
    // reviewers differed on whether anything should change. Teams that want paths from a base
    // directory opt in.
    recommended: false,
    messages: {
      chdir:
        'os.chdir() makes later relative paths depend on which cells ran before; build paths from a base directory (pathlib.Path) instead.',
      cdMagic:
        '%cd makes later relative paths depend on which cells ran before; build paths from a base directory instead.',
      // round 24 (whylogs' Feast example, deepchem's GROVER and HierVAE): the tool's folder is
      // still a relative %cd, and the harm is concrete
      cdRelative:
        '%cd {{path}} is relative to wherever the kernel is: a second run of this cell looks for {{path}} inside {{path}} and fails. Go there from a base directory (%cd $BASE/{{path}}), or give the tool its folder (!cd {{path}} && ...).'
    }
  },
  create(context) {
    const aliases = once(() => importAliases(context));
    const saved = once(() => savedDirectories(context.cells));
    // the functions the notebook hands to a pipeline component builder (their bodies run in a
    // container, round 28)
    const builderArguments = once(() =>
      componentBuilderArguments(context.cells)
    );
    const nodes: NodeHandlers = {};
    const repo: RepoContext = {
      cells: context.cells,
      aliases,
      rootNames: new Map(),
      repoNames: new Map()
    };
    // the names a cell binds to the current directory (`cwd = os.getcwd()`): once per cell
    const cwdNamesOf = new Map<number, Set<string>>();
    const cwdNames = (cell: LintCell): Set<string> => {
      let names = cwdNamesOf.get(cell.cell.index);
      if (!names) {
        names = new Set<string>();
        for (const m of cell.cell.source.matchAll(SAVED_CWD)) names.add(m[1]);
        cwdNamesOf.set(cell.cell.index, names);
      }
      return names;
    };
    // whether a scope restores the directory, by cell and the scope's offset (-1: the cell itself)
    const restores = new Map<string, boolean>();
    const restoredAround = (node: SyntaxNode, cell: LintCell): boolean => {
      const scope = enclosingFunction(node);
      const key = `${cell.cell.index}:${scope?.from ?? -1}`;
      let known = restores.get(key);
      if (known === undefined) {
        known =
          restoresDirectory(scope, cell, saved) ||
          literalsLeadBack(
            scope ? cell.textOf(scope) : cell.cell.source,
            context.notebook.path
          );
        restores.set(key, known);
      }
      return known;
    };
    // only a notebook that names chdir can call os.chdir
    if (notebookMentions(context, 'chdir')) {
      nodes.CallExpression = (node, cell) => {
        if (
          qualify(calleeName(node, cell), aliases()) === 'os.chdir' &&
          !chdirToFixedPlace(node, cell, repo) &&
          !restoredAround(node, cell) &&
          !guardedByCwdTest(node, cell, cwdNames, saved) &&
          !inComponentFunction(node, cell, builderArguments)
        ) {
          context.report({
            messageId: 'chdir',
            cell: cell.cell,
            node: node.firstChild ?? node
          });
        }
      };
    }
    return {
      cell(lc) {
        // a line can start `%cd` only if the source holds it (most cells do not)
        if (lc.cell.kind !== 'code' || !lc.cell.source.includes('%cd')) {
          return;
        }
        const cds = lc.lines.map(line => /^(\s*)%cd\b(.*)$/.exec(line));
        const args = cds.flatMap(m => (m ? [m[2].trim()] : []));
        // an indented first %cd may not run (`if IN_COLAB:`): where the cell lands is then unknown
        const firstUnindented = cds.find(m => m)?.[1] === '';
        // the last %cd at the cell's top level goes back to a saved directory (`%cd $cwd`)
        let lastCd: RegExpExecArray | null = null;
        for (const m of cds) lastCd = m ?? lastCd;
        const lastUnindented = lastCd?.[1] === '';
        if (
          cdLinesReturn(args) ||
          (firstUnindented && cdLinesFixed(args)) ||
          (lastUnindented && restoresDirectory(null, lc, saved))
        ) {
          return;
        }
        cds.forEach((m, i) => {
          if (m) {
            const offset = lc.offsetAt({ line: i, column: 0 });
            const path = m[2].trim();
            const relative = RELATIVE_FOLDER.test(path);
            context.report({
              messageId: relative ? 'cdRelative' : 'cdMagic',
              data: relative ? { path: path.replace(/^\.\/|\/$/g, '') } : {},
              cell: lc.cell,
              from: offset + m[1].length,
              to: offset + m[1].length + 3
            });
          }
        });
      },
      nodes
    };
  }
});
