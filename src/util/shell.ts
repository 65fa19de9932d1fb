/** POSIX shell single-quoting for the small scripts tsctl writes (hooks, launchers). */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
