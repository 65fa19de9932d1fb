/** The command table: groups and Docker's top-level verbs. Only declarations are loaded here. */
import type { CommandSpec, GroupSpec } from '../cli/define';
import namespace from './namespace/index';
import system from './system/index';
import info from './system/info';
import version from './system/version';

export const TOP_LEVEL: CommandSpec[] = [info, version];
export const GROUPS: GroupSpec[] = [namespace, system];
