/** The notebook's file name without folders, for the naming rules. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}
