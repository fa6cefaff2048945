/** Formats a path as `$.cues[3].root.children[0].displayTime`. */
export function jsonPath(parts: readonly (string | number)[]): string {
  let out = '$';
  for (const part of parts) {
    out +=
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(part)
          ? `.${part}`
          : `[${JSON.stringify(part)}]`;
  }
  return out;
}
