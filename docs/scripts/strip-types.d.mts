// Types of strip-types.mjs.
export function stripTypes(source: string, fileName?: string): string;
