/** Shapes shared by the loader's phases: plain YAML values and Compose's `!reset` / `!override` markers. */

/** `!reset`: the key is removed from the merged result. */
export const RESET: unique symbol = Symbol('compose !reset');

/** `!override`: this value replaces the one it is merged onto. */
export class Override {
  constructor(public value: unknown) {}
}

export type Dict = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The value under an `!override` marker, or the value itself. */
export function unwrap(v: unknown): unknown {
  return v instanceof Override ? v.value : v;
}
