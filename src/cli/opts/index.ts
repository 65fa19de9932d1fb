/**
 * Pure parsers for the values of Docker's `run` / `create` (and `exec`, `logs`, `kill`, `stop`) flags, faithful to
 * docker/cli's opts package and dockerd's checks, with Docker's error texts. See ./common for the error convention.
 */
export * from './common';
export * from './bytes';
export * from './cpus';
export * from './duration';
export * from './timestamp';
export * from './env';
export * from './labels';
export * from './ulimit';
export * from './restart';
export * from './signal';
export * from './tmpfs';
export * from './device';
export * from './security';
export * from './capabilities';
export * from './sysctl';
export * from './health';
export * from './user';
export * from './publish';
export * from './detach-keys';
export * from './log';
export * from './resources';
