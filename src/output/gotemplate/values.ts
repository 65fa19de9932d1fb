/**
 * How JavaScript values stand in for Go values inside templates.
 *
 *  JS value                              Go analogue            notes
 *  ----------------------------------    --------------------   -------------------------------------------
 *  undefined                             invalid reflect.Value  a missing map key; prints `<no value>`
 *  null                                  nil pointer/slice/map  prints `<nil>`; `.X` on it is an error
 *  boolean / string                      bool / string
 *  number (integral) / bigint            int / int64
 *  number (fractional, NaN, ±Inf)        float64
 *  Array                                 []interface {}
 *  plain object (proto Object or null),  map[string]interface {}   missing key → undefined; keys sorted
 *  Map                                                              when ranged over or printed
 *  class instance (any other object)     struct                 unknown field → "can't evaluate field";
 *                                                               fields = own enumerable props + getters
 *  function (as a property)              method                 called on field access with the action's args
 */

export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'function':
      return 'func';
    case 'object':
      if (v === null) return 'nil';
      if (Array.isArray(v)) return 'slice';
      if (v instanceof Map || isPlainObject(v)) return 'map';
      return 'struct';
    default:
      return 'struct'; // symbols: treated as opaque values
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A Go-flavoured type name for error messages and `%T`. */
export function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'int':
      return typeof v === 'bigint' ? 'int64' : 'int';
    case 'float':
      return 'float64';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'func':
      return 'func()';
    case 'struct': {
      const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor;
      return typeof ctor?.name === 'string' && ctor.name !== '' ? `*${ctor.name}` : 'struct {}';
    }
  }
}

/** Go's lexical ordering of map keys (numbers numerically, otherwise by string). */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Property names a class instance exposes as struct fields: own enumerable data + prototype getters. */
export function structFieldNames(obj: object): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (k: string): void => {
    if (!seen.has(k)) {
      seen.add(k);
      names.push(k);
    }
  };
  for (const k of Object.keys(obj)) {
    if (typeof (obj as Record<string, unknown>)[k] !== 'function') add(k);
  }
  for (let p: unknown = Object.getPrototypeOf(obj); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p as object))) {
      if (k !== 'constructor' && d.get !== undefined) add(k);
    }
  }
  return names;
}

/** Whether `name` is a field or method of `obj` (prototype members of Object itself never count). */
function hasMember(obj: object, name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return true;
  if (isPlainObject(obj) || name === 'constructor') return false;
  for (let p: unknown = Object.getPrototypeOf(obj); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return true;
  }
  return false;
}

export type FieldLookup =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'method'; readonly fn: (...args: unknown[]) => unknown }
  | { readonly kind: 'missing' } // map without that key: Go yields the invalid value
  | { readonly kind: 'nofield' }; // struct without that field, or not a map/struct at all

export function lookupField(receiver: unknown, name: string): FieldLookup {
  if (receiver instanceof Map) {
    return receiver.has(name) ? { kind: 'value', value: receiver.get(name) } : { kind: 'missing' };
  }
  const k = kindOf(receiver);
  if (k !== 'map' && k !== 'struct') return { kind: 'nofield' };
  const obj = receiver as Record<string, unknown>;
  if (!hasMember(obj, name)) return k === 'map' ? { kind: 'missing' } : { kind: 'nofield' };
  const value = obj[name];
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return { kind: 'method', fn: (...args: unknown[]) => fn.apply(obj, args) };
  }
  return { kind: 'value', value };
}

/** Key/value pairs in Go iteration order: sorted keys for maps, declaration order for structs. */
export function entriesOf(v: unknown): Array<[unknown, unknown]> {
  if (v instanceof Map) {
    return [...v.entries()].sort((a, b) => compareKeys(a[0], b[0]));
  }
  if (kindOf(v) === 'map') {
    const obj = v as Record<string, unknown>;
    return Object.keys(obj)
      .sort(compareKeys)
      .map((k): [unknown, unknown] => [k, obj[k]]);
  }
  if (kindOf(v) === 'struct') {
    const obj = v as Record<string, unknown>;
    return structFieldNames(obj).map((k): [unknown, unknown] => [k, obj[k]]);
  }
  return [];
}

/** Go's template truth: false, 0, nil, empty string/slice/map are false; structs are always true. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
    case 'float':
      return typeof v === 'bigint' ? v !== 0n : v !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return v instanceof Map ? v.size > 0 : Object.keys(v as object).length > 0;
    case 'struct':
    case 'func':
      return true;
  }
}

/** Byte length of a string in UTF-8 (Go's len). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
