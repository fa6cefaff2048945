/**
 * Where a registered package's tar is stored. Content-addressed: two uploads of the same package
 * share one object, and a pinned hash always finds exactly the bytes it pinned.
 */
export function pluginObjectKey(pkg: { name: string; version: string; sha256: string }): string {
  return `plugins/${pkg.name}@${pkg.version}/${pkg.sha256}.tar`;
}
