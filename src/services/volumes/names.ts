/** moby's volumeNameRegex for local volumes: at least two characters, the first alphanumeric. */
export const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
