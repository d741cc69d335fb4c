// The plugin's names: the package `digital99`, and one token per resource kind and read function.
export const PACKAGE = "digital99";
const MODULE = "index";

export function tokenOf(name: string): string {
  return `${PACKAGE}:${MODULE}:${name}`;
}

/** The resource kind or function name in a token, or undefined for another package's token. */
export function nameOf(token: string): string | undefined {
  const prefix = `${PACKAGE}:${MODULE}:`;
  return token.startsWith(prefix) ? token.slice(prefix.length) : undefined;
}
