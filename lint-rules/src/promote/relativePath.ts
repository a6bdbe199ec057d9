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
