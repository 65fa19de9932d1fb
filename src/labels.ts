/**
 * Every containerd label tsctl reads or writes, in one place, with its encoding.
 */

/** Container name (Docker's `--name`), plain string. */
export const NAME_LABEL = 'tsctl/name';
/** nerdctl's name label, read so containers made by nerdctl show their names. */
export const NERDCTL_NAME_LABEL = 'nerdctl/name';
