/** Parsers for flag values that commander hands over as strings. */
import { InvalidOptionError } from '../errors/index';

/** A base-10 integer flag value, with Go's strconv error wording that Docker prints. */
export function parseIntFlag(flag: string, value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidOptionError(`invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number.parseInt(value, 10);
}
