/** Flag declarations several commands share (no actions here). */
import type { FlagSpec } from '../cli/define';

export const FORMAT_FLAG: FlagSpec = {
  flags: '-f, --format <string>',
  description: "Format output using a custom template: 'json': Print in JSON format; 'TEMPLATE': Print output using the given Go template",
};

export const QUIET_FLAG: FlagSpec = { flags: '-q, --quiet', description: 'Only display names' };

/** Docker Compose's project flags (on the `compose` group and each of its verbs). */
export const COMPOSE_PROJECT_FLAGS: FlagSpec[] = [
  { flags: '-f, --file <string>', description: 'Compose configuration files', repeatable: true },
  { flags: '-p, --project-name <string>', description: 'Project name' },
  { flags: '--project-directory <string>', description: 'Specify an alternate working directory (default: the path of the, first specified, Compose file)' },
  { flags: '--env-file <string>', description: 'Specify an alternate environment file', repeatable: true },
  { flags: '--profile <string>', description: 'Specify a profile to enable', repeatable: true },
];

/**
 * The project flags as every other compose verb takes them: long spellings only (hidden), because the group's
 * flags given before the verb arrive here as `--file …` (Docker Compose accepts them only before the verb; verbs
 * have their own `-f`, `-p`, …).
 */
export const COMPOSE_VERB_FLAGS: FlagSpec[] = COMPOSE_PROJECT_FLAGS.map((f) => ({
  ...f,
  flags: f.flags.replace(/^-\w, /, ''),
  hidden: true,
}));
