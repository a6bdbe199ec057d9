/**
 * One owner of promote's rules for a path it is given (a module path, a tests folder, a
 * project config's promote folder, a `promote:` tag's path), used by the planner, the
 * `nbcraft promote` CLI and the lab's preview (src/promote/paths.ts), so they agree.
 */
import { hiddenCharacter, showControlCharacters } from './controlCharacters';
import { refusalTexts } from './texts';

/**
 * Why `path` (a module path, a tests folder, a config folder) is refused for a character a
 * reader cannot see, said with the path escaped, or undefined: the one wording of the lab's
 * preview, the planner and the CLI (the server's is nbcraft/relative_path.py's).
 */
export function pathCharacterRefusal(
  path: string
): ReturnType<typeof refusalTexts> | undefined {
  const kind = hiddenCharacter(path);
  if (kind === undefined) return undefined;
  // shown escaped: a path from a notebook's tag must not start a line of its own in a CI log
  const data = { path: showControlCharacters(path) };
  return kind === 'control'
    ? refusalTexts(
        { id: 'controlCharacterPath', data },
        { id: 'controlCharacterPathHint' }
      )
    : refusalTexts(
        { id: 'invisibleCharacterPath', data },
        { id: 'invisibleCharacterPathHint' }
      );
}

/**
 * A name in `path` ends in a dot or a space, which Windows drops (`pkg.` is `pkg`): the
 * file written would not be the one previewed.
 */
export function hasTrailingDotOrSpace(path: string): boolean {
  return path
    .split('/')
    .some(part => part !== '.' && part !== '..' && /[. ]$/.test(part));
}

/**
 * Relative, no `..`, no leading slash: promote never writes outside its root; no control,
 * invisible or direction-changing character (the server refuses such a path:
 * nbcraft/relative_path.py); and no name
 * ending in a dot or a space (see `hasTrailingDotOrSpace`).
 */
export function isSafeRelativePath(path: string): boolean {
  if (
    path.startsWith('/') ||
    path.includes('\\') ||
    /^[A-Za-z]:/.test(path) ||
    hiddenCharacter(path) !== undefined
  ) {
    return false;
  }
  return (
    !path.split('/').some(part => part === '..') && !hasTrailingDotOrSpace(path)
  );
}

/**
 * Why `path` is refused for its names, or undefined: a hidden character
 * (`pathCharacterRefusal`), else a name ending in a dot or a space. Said the same by the
 * planner (a `promote:` tag's path), the CLI (`--module`, `--tests`, the config's folders)
 * and the lab's preview.
 */
export function pathNameRefusal(
  path: string
): ReturnType<typeof refusalTexts> | undefined {
  const hidden = pathCharacterRefusal(path);
  if (hidden || !hasTrailingDotOrSpace(path)) return hidden;
  return refusalTexts(
    { id: 'trailingDotOrSpacePath', data: { path } },
    { id: 'trailingDotOrSpacePathHint' }
  );
}
