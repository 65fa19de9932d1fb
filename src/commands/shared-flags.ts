/** Flag declarations several commands share (no actions here). */
import type { FlagSpec } from '../cli/define';

export const FORMAT_FLAG: FlagSpec = {
  flags: '-f, --format <string>',
  description: "Format output using a custom template: 'json': Print in JSON format; 'TEMPLATE': Print output using the given Go template",
};

export const QUIET_FLAG: FlagSpec = { flags: '-q, --quiet', description: 'Only display names' };
