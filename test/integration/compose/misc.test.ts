import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadHarness, uniqueName } from '../../harness/env';
import { composeProject } from '../../harness/compose';
import { pollUntil } from '../../harness/wait';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }): void => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = (): string => loadHarness().images.busybox;

test('ls, port, top, images and version over a running project (real states, ports, processes, image IDs)', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  web:
    image: ${img()}
    command: ["sleep", "301"]
    ports: ["80", "53/udp"]
  once:
    image: ${img()}
    command: ["sh", "-c", "exit 3"]
`,
  }, 'cmisc');
  ok(await p.compose(['up', '-d']));
  const web = `${p.name}-web-1`;
  const once = `${p.name}-once-1`;
  await pollUntil(`${once} exited`, async () => (await p.tsctl(['inspect', '-f', '{{.State.Status}}', once])).stdout.trim() === 'exited', { timeoutMs: 20_000 });

  // ls: running containers only unless -a; Compose's columns and combined status.
  const ls = await p.compose(['ls']);
  ok(ls);
  const lsLines = ls.stdout.trimEnd().split('\n');
  assert.match(lsLines[0]!, /^NAME\s+STATUS\s+CONFIG FILES$/);
  assert.deepEqual(lsLines.slice(1).map((l) => l.split(/\s{2,}/)), [[p.name, 'running(1)', join(p.dir, 'compose.yaml')]]);
  const lsAll = await p.compose(['ls', '-a', '--format', 'json']);
  ok(lsAll);
  assert.deepEqual(JSON.parse(lsAll.stdout), [{ Name: p.name, Status: 'exited(1), running(1)', ConfigFiles: join(p.dir, 'compose.yaml') }]);
  assert.equal((await p.compose(['ls', '-q', '--filter', `name=${p.name}`])).stdout, `${p.name}\n`);
  assert.equal((await p.compose(['ls', '-q', '--filter', 'name=^nothing-like-this$'])).stdout, '');
  const badFilter = await p.compose(['ls', '--filter', 'status=running']);
  assert.equal(badFilter.exitCode, 1);
  assert.match(badFilter.stderr, /invalid filter 'status'/);
  const badFormat = await p.compose(['ls', '--format', 'yaml']);
  assert.notEqual(badFormat.exitCode, 0);
  assert.match(badFormat.stderr, /format value "yaml" could not be parsed/);

  // port: the same host port `tsctl port` reports for the container.
  const direct = await p.tsctl(['port', web, '80']);
  ok(direct);
  const hostPort = /^0\.0\.0\.0:(\d+)$/.exec(direct.stdout.trim())?.[1];
  assert.ok(hostPort, direct.stdout);
  assert.equal((await p.compose(['port', 'web', '80'])).stdout, `0.0.0.0:${hostPort}\n`);
  // With -p no compose file is needed (Compose's toProjectName).
  const elsewhere = await p.tsctl(['compose', '-p', p.name, 'port', 'web', '80'], { cwd: '/' });
  assert.equal(elsewhere.stdout, `0.0.0.0:${hostPort}\n`, elsewhere.stderr);
  const udp = await p.compose(['port', '--protocol', 'udp', 'web', '53']);
  ok(udp);
  assert.equal(udp.stdout, `${(await p.tsctl(['port', web, '53/udp'])).stdout.trim()}\n`);
  assert.equal((await p.compose(['port', '--index', '1', 'web', '80'])).stdout, `0.0.0.0:${hostPort}\n`);
  const noPort = await p.compose(['port', 'web', '81']);
  assert.equal(noPort.exitCode, 1);
  assert.match(noPort.stderr, new RegExp(`no port 81/tcp for container ${web}: `));
  const noIndex = await p.compose(['port', '--index', '2', 'web', '80']);
  assert.match(noIndex.stderr, /service "web" is not running container #2/);
  assert.match((await p.compose(['port', 'once', '80'])).stderr, /service "once" is not running/);
  assert.match((await p.compose(['port', 'web', 'http'])).stderr, /strconv.ParseUint: parsing "http": invalid syntax/);

  // top: the running container's name, then ps -ef's table with its process.
  const top = await p.compose(['top']);
  ok(top);
  const topLines = top.stdout.split('\n');
  assert.equal(topLines[0], web);
  assert.match(topLines[1]!, /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
  assert.match(topLines[2]!, /^root\s+\d+\s+\d+\s+.*sleep 301\s*$/);
  assert.ok(top.stdout.endsWith('\n\n'), JSON.stringify(top.stdout));
  assert.equal((await p.compose(['top', 'once'])).stdout, '');

  // images: one row per container (stopped ones too), Compose's header, the image's ID and repository.
  const id = (await p.tsctl(['image', 'inspect', '-f', '{{.Id}}', img()])).stdout.trim();
  const [repo, tag] = [img().slice(0, img().lastIndexOf(':')), img().slice(img().lastIndexOf(':') + 1)];
  const images = await p.compose(['images']);
  ok(images);
  const imageLines = images.stdout.trimEnd().split('\n');
  assert.match(imageLines[0]!, /^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
  assert.deepEqual(imageLines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 4)), [[once, repo, tag, id.slice(7, 19)], [web, repo, tag, id.slice(7, 19)]]);
  assert.match(imageLines[1]!, /\d(\.\d+)?[kM]?B$/);
  assert.equal((await p.compose(['images', '-q'])).stdout, `${id.slice(7)}\n`);
  const imagesJson = JSON.parse((await p.compose(['images', '--format', 'json', 'web'])).stdout) as { ID: string; ContainerName: string; Repository: string; Tag: string; Size: number }[];
  assert.equal(imagesJson.length, 1);
  assert.deepEqual({ ...imagesJson[0], Size: undefined }, { ID: id, ContainerName: web, Repository: repo, Tag: tag, Size: undefined });
  assert.ok(imagesJson[0]!.Size > 0);

  // version: Compose's line, with tsctl's own version after it.
  assert.match((await p.compose(['version'])).stdout, /^Docker Compose version v2\.\d+\.\d+ \(tsctl \d+\.\d+\.\d+\)\n$/);
  assert.match((await p.compose(['version', '--short'])).stdout, /^2\.\d+\.\d+\n$/);
  assert.match((await p.compose(['version', '-f', 'json'])).stdout, /^\{"version":"v2\.\d+\.\d+"\}\n$/);
});

test('pull: service images from the registry (build-only services skipped, --policy missing, failures and --ignore-pull-failures)', async (t) => {
  const missing = `${loadHarness().registryHost}/tsctl-test/${uniqueName('absent')}:v1`;
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  web:
    image: ${img()}
    command: ["sleep", "300"]
  side:
    image: ${img()}
  local:
    build: ./app
  gone:
    image: ${missing}
    profiles: [broken]
`,
    'app/Dockerfile': `FROM ${img()}\n`,
  }, 'cpull');
  assert.equal((await p.tsctl(['images', '-q'])).stdout, '');
  const pull = await p.compose(['pull']);
  ok(pull);
  const lines = pull.stderr.split('\n');
  assert.ok(lines.includes(' local Skipped - No image to be pulled '), pull.stderr);
  assert.ok(lines.includes(' side Skipped - Image is already being pulled by web ') || lines.includes(' web Skipped - Image is already being pulled by side '), pull.stderr);
  const puller = lines.includes(' web Pulling ') ? 'web' : 'side';
  assert.ok(lines.indexOf(` ${puller} Pulling `) < lines.indexOf(` ${puller} Pulled `), pull.stderr);
  assert.ok(lines.some((l) => / [0-9a-f]{12} Pull complete $/.test(l)), pull.stderr);
  assert.equal(pull.stdout, '');
  const present = await p.tsctl(['image', 'inspect', '-f', '{{index .RepoTags 0}}', img()]);
  ok(present);
  assert.equal(present.stdout.trim(), img());

  const again = await p.compose(['pull', '--policy', 'missing', 'web']);
  ok(again);
  assert.equal(again.stderr, ' web Skipped - Image is already present locally \n');
  const quiet = await p.compose(['pull', '-q', 'web']);
  ok(quiet);
  assert.equal(quiet.stderr, '');
  const badPolicy = await p.compose(['pull', '--policy', 'sometimes']);
  assert.notEqual(badPolicy.exitCode, 0);
  assert.match(badPolicy.stderr, /invalid --policy option "sometimes"/);

  const failed = await p.compose(['--profile', 'broken', 'pull', 'gone']);
  assert.equal(failed.exitCode, 1, failed.stderr);
  assert.match(failed.stderr, / gone Error .+/);
  const ignored = await p.compose(['--profile', 'broken', 'pull', '--ignore-pull-failures', 'gone']);
  ok(ignored);
  assert.match(ignored.stderr, / gone Warning .+/);
});
