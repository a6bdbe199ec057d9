/** What a column's (or a key's) name says it holds: one owner for the rules that read it. */

/**
 * a column that identifies a row or a few: its last word (snake_case or camelCase) is id, uid,
 * uuid, guid, key, filename or email (`user_id`, `ModelUuid`, `request_key`, `file_name`)
 */
export function isKeyColumn(column: string): boolean {
  const words = column
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\s]+/);
  const last = words[words.length - 1];
  return (
    ['id', 'uid', 'uuid', 'guid', 'key', 'filename', 'email'].includes(last) ||
    column.toLowerCase() === 'file_name'
  );
}
