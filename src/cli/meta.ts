/** tsctl's own identity. Kept equal to package.json's version (checked by a unit test). */
export const VERSION = '0.1.0';
export const BIN = 'tsctl';
