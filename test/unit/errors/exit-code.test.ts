import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeFor } from '../../../src/errors/exit-code';
import {
  ArgCountError, ConflictError, InvalidArgumentError, InvalidOptionError, ContainerExit, DaemonUnavailableError, InternalError, NotFoundError, Terminated, TsctlError, UsageError,
} from '../../../src/errors/index';
import { translateGrpcError, Status } from '../../../src/containerd/errors';

test("exit codes follow Docker's rules", () => {
  const cases: [TsctlError, boolean, number][] = [
    [new UsageError('unknown flag: --x', 'tsctl ps', 'tsctl ps'), false, 125],
    [new ArgCountError('m', 'u', 'tsctl rm'), false, 1],
    [new NotFoundError('No such container: x'), false, 1],
    [new NotFoundError('No such image: x'), true, 125],
    [new ConflictError('name in use'), true, 125],
    [new DaemonUnavailableError('cannot connect'), false, 1],
    [new ContainerExit(3), false, 3],
    [new ContainerExit(3), true, 3],
    [new Terminated(15), false, 143],
    [new InternalError('x'), false, 1],
    [new TsctlError('INTERNAL', 'exec: not found', 127), true, 127],
    [new TsctlError('INTERNAL', 'permission denied', 126), true, 126],
  ];
  for (const [err, escalate, want] of cases) assert.equal(exitCodeFor(err, { escalate125: escalate }), want, `${err.constructor.name} escalate=${escalate}`);
  // create: the CLI's own flag-value errors 125, the daemon's as they are.
  assert.equal(exitCodeFor(new InvalidOptionError('invalid argument "x" for "--cpus" flag'), { optionErrors125: true }), 125);
  assert.equal(exitCodeFor(new InvalidArgumentError('Error response from daemon: x'), { optionErrors125: true }), 1);
  assert.equal(exitCodeFor(new InvalidOptionError('x')), 1);
});

test('gRPC statuses become tsctl errors with containerd\'s text', () => {
  const nf = translateGrpcError({ code: Status.NOT_FOUND, details: 'namespace x: not found' }, '/s');
  assert.ok(nf instanceof NotFoundError);
  assert.equal(nf.message, 'namespace x: not found');
  const ex = translateGrpcError({ code: Status.ALREADY_EXISTS, details: 'exists' }, '/s');
  assert.equal(ex.code, 'ALREADY_EXISTS');
  assert.equal(translateGrpcError({ code: Status.FAILED_PRECONDITION, details: 'not empty' }, '/s').code, 'FAILED_PRECONDITION');
  const un = translateGrpcError({ code: Status.UNAVAILABLE, details: 'No connection established' }, '/run/c.sock');
  assert.equal(un.code, 'DAEMON_UNAVAILABLE');
  assert.match(un.message, /^Cannot connect to containerd at unix:\/\/\/run\/c.sock: No connection established\. Is containerd running\?$/);
  assert.equal(translateGrpcError({ code: Status.UNKNOWN, details: 'boom' }, '/s').code, 'INTERNAL');
  assert.equal(translateGrpcError({ code: Status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }, '/s').code, 'DEADLINE_EXCEEDED');
});
