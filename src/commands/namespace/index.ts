/** The `namespace` group (alias `ns`), nerdctl's namespace management. */
import { defineGroup } from '../../cli/define';
import create from './create';
import inspect from './inspect';
import ls from './ls';
import rm from './rm';
import update from './update';

export default defineGroup({
  name: 'namespace',
  aliases: ['ns'],
  summary: 'Manage containerd namespaces',
  commands: [create, inspect, ls, rm, update],
});
