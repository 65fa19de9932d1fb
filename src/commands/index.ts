/** The command table: groups and Docker's top-level verbs. Only declarations are loaded here. */
import type { CommandSpec, GroupSpec } from '../cli/define';
import container from './container/index';
import ps from './container/ls';
import namespace from './namespace/index';
import system from './system/index';
import info from './system/info';
import version from './system/version';

export const TOP_LEVEL: CommandSpec[] = [info, { ...ps, name: 'ps', aliases: [] }, version];
export const GROUPS: GroupSpec[] = [container, namespace, system];
