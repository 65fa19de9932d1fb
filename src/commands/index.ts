/** The command table: groups and Docker's top-level verbs. Only declarations are loaded here. */
import type { CommandSpec, GroupSpec } from '../cli/define';
import container from './container/index';
import image from './image/index';
import images from './image/images';
import rmi from './image/rmi';
import load from './image/load';
import save from './image/save';
import ps from './container/ls';
import kill from './container/kill';
import rm from './container/rm';
import stop from './container/stop';
import wait from './container/wait';
import pull from './image/pull';
import login from './registry/login';
import logout from './registry/logout';
import push from './image/push';
import history from './image/history';
import tag from './image/tag';
import namespace from './namespace/index';
import system from './system/index';
import info from './system/info';
import version from './system/version';

export const TOP_LEVEL: CommandSpec[] = [history, info, kill, load, login, logout, { ...images, name: 'images', aliases: [] }, { ...ps, name: 'ps', aliases: [] }, pull, push, rm, { ...rmi, name: 'rmi', aliases: [] }, save, stop, tag, version, wait];
export const GROUPS: GroupSpec[] = [container, image, namespace, system];
