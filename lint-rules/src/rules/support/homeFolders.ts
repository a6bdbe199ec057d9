import { trimEndWhere } from '../../engine/text';
import { LINE_BREAK, lineWithoutComment } from '../../python/literals';

/**
 * The `~` folders a notebook makes for whoever runs it (NB106): `~` is each user's own home, and
 * a folder the notebook makes there, and fills, is there on every machine.
 */

/** a line that makes a folder: `!mkdir -p ~/x`, `os.makedirs("~/x")`, `Path(...).mkdir()` */
const MAKES_FOLDER = /\bmkdir\b|\bmakedirs\b/;
const HOME_TOKEN = /~[\\/][^\s"'`),;]*/g;
/**
 * a line that puts files into a folder: a shell copy, download or unpack, a save or write call,
 * `open(..., "w")`
 */
const FILLS_FOLDER =
  /^\s*!\s*(?:cp|mv|wget|curl|unzip|tar|rsync|ln|git\s+clone|kaggle|gsutil|gdown|aws\s+s3\s+cp)\b|\.to_\w+\s*\(|\bsave\w*\s*\(|\bdump\w*\s*\(|\burlretrieve\s*\(|\bdownload\w*\s*\(|\bwrite\w*\s*\(|\bextract\w*\s*\(|\bcopy\w*\s*\(|\bmove\s*\(|\bopen\s*\([^\n]{0,300}?,\s*(?:mode\s*=\s*)?['"][^'"\n]{0,4}[wax]/;
/** a line that reads files: `pd.read_csv(`, `open(`, `np.load(`, `imread(`, `listdir(` */
const READS_FOLDER =
  /\bread_\w+\s*\(|\bopen\s*\(|\bload\w*\s*\(|\bimread\s*\(|\blistdir\s*\(|\bglob\s*\(/;

/**
 * `name = ...expanduser...` naming a `~` folder on one line: the name holds that folder, expanded
 * for whoever runs the notebook (`d = Path("~/tmp/x").expanduser()`, `d = os.path.expanduser("~/x")`)
 */
const ASSIGNS_EXPANDED_HOME =
  /^[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=).*\bexpanduser\b/;
const IDENTIFIER = /[A-Za-z_]\w*/g;

/** a `~` token as a folder: `/`-separated, no trailing `/`; null for `~/` alone or a long token */
function homeFolder(token: string): string | null {
  if (token.length > 260) return null;
  const folder = trimEndWhere(token.replace(/\\/g, '/'), /\//);
  return folder.length > 2 ? folder : null;
}

/** the folder of `folders` that is `path` or holds it, or null (one set lookup per `/`) */
export function madeFolderOf(
  path: string,
  folders: Set<string>
): string | null {
  for (let end = path.length; end > 2; end = path.lastIndexOf('/', end - 1)) {
    const folder = path.slice(0, end);
    if (folders.has(folder)) return folder;
  }
  return null;
}

/**
 * the `~` folders the notebook's code makes for whoever runs it, `/`-separated, no trailing `/`:
 * named on the line that makes them (`!mkdir -p ~/tmp/lab`, `os.makedirs("~/x")`), or held by a
 * name that was assigned the expanded folder and that a later line makes (`d = Path("~/tmp/x")
 * .expanduser()` then `d.mkdir(parents=True)`; round 21, qlib's scripts folder). Not a folder
 * named in a comment, nor one the notebook then reads files from that nothing in it puts there
 * (`os.makedirs(d)` then `pd.read_csv(os.path.join(d, "train.csv"))`: each user must put
 * train.csv there by hand; round 21's attack review R7, round 22's F5.3).
 */
export function homeFoldersMade(sources: readonly string[]): Set<string> {
  const folders = new Set<string>();
  const held = new Map<string, Set<string>>();
  const namesOf = new Map<string, Set<string>>();
  const makingLines: string[] = [];
  for (const source of sources) {
    const makes = MAKES_FOLDER.test(source);
    if (!makes && !source.includes('~')) continue;
    for (const raw of source.split(LINE_BREAK)) {
      const line = lineWithoutComment(raw);
      if (MAKES_FOLDER.test(line)) makingLines.push(line);
      if (!line.includes('~')) continue;
      const name = ASSIGNS_EXPANDED_HOME.exec(line)?.[1];
      if (name === undefined) continue;
      for (const m of line.matchAll(HOME_TOKEN)) {
        const folder = homeFolder(m[0]);
        if (!folder) continue;
        const of = held.get(name) ?? new Set<string>();
        held.set(name, of.add(folder));
      }
    }
  }
  for (const line of makingLines) {
    for (const m of line.matchAll(HOME_TOKEN)) {
      const folder = homeFolder(m[0]);
      if (folder) folders.add(folder);
    }
    if (held.size === 0) continue;
    for (const m of line.matchAll(IDENTIFIER)) {
      const of = held.get(m[0]);
      if (!of) continue;
      of.forEach(folder => folders.add(folder));
      namesOf.set(m[0], of);
      // added once: a name on many lines costs nothing more
      held.delete(m[0]);
    }
  }
  if (folders.size === 0) return folders;
  // the made folders each line fills or reads files under
  const filled = new Set<string>();
  const readUnder = new Set<string>();
  for (const raw of sources.flatMap(source => source.split(LINE_BREAK))) {
    const line = lineWithoutComment(raw);
    const fills = FILLS_FOLDER.test(line);
    if ((!fills && !READS_FOLDER.test(line)) || MAKES_FOLDER.test(line)) {
      continue;
    }
    const into = fills ? filled : readUnder;
    for (const m of line.matchAll(HOME_TOKEN)) {
      const path = homeFolder(m[0]);
      const folder = path ? madeFolderOf(path, folders) : null;
      if (folder && (into === filled || folder !== path)) into.add(folder);
    }
    if (namesOf.size === 0) continue;
    for (const m of line.matchAll(IDENTIFIER)) {
      namesOf.get(m[0])?.forEach(folder => into.add(folder));
    }
  }
  readUnder.forEach(folder => {
    if (!filled.has(folder)) folders.delete(folder);
  });
  return folders;
}
