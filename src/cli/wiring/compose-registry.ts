/**
 * `compose pull` / `compose push` (Docker Compose v2.24 pkg/compose/pull.go, push.go) through tsctl's pull and
 * push paths, with Compose's plain progress lines on stderr (` web Pulling `, ` <layer> Pull complete `, …).
 */
import { Writable } from 'node:stream';
import type { ComposeSession } from './compose-engine';
import type { ServiceConfig } from '../../compose/model';
import { InvalidOptionError, TsctlError, throwCollected } from '../../errors/index';
import { composeProgress } from '../../output/views/compose-events';

export interface ComposePullOptions {
  quiet: boolean;
  ignoreFailures: boolean;
  ignoreBuildable: boolean;
  /** `--policy`: over the file's pull_policy for services with an image. */
  policy?: string | undefined;
}

/** Writes each layer's status once per change (Compose's plain writer prints every progress message). */
function layerPrinter(s: ComposeSession, quiet: boolean): (id: string, text: string) => void {
  const last = new Map<string, string>();
  return (id, text) => {
    if (quiet || last.get(id) === text) return;
    last.set(id, text);
    s.ctx.io.stderr.write(composeProgress(id, text));
  };
}

const sink = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function pullServices(s: ComposeSession, services: readonly ServiceConfig[], opts: ComposePullOptions): Promise<void> {
  const [{ pullWithOutput }, { hasImage }, { PULL_WORDS }, { inParallel }] = await Promise.all([
    import('./pull'),
    import('./compose-build'),
    import('../../output/views/pull'),
    import('./compose-engine'),
  ]);
  if (opts.policy !== undefined && opts.policy !== '' && opts.policy !== 'missing' && opts.policy !== 'always') {
    throw new InvalidOptionError(`invalid --policy option ${JSON.stringify(opts.policy)}`);
  }
  const say = (id: string, text: string, statusText = ''): void => {
    if (!opts.quiet) s.ctx.io.stderr.write(composeProgress(id, text, statusText));
  };
  const layer = layerPrinter(s, opts.quiet);
  const beingPulled = new Map<string, string>();
  const todo: ServiceConfig[] = [];
  for (const svc of services) {
    if (svc.image === undefined || svc.image === '') {
      say(svc.name, 'Skipped - No image to be pulled');
      continue;
    }
    const policy = opts.policy || (svc.pull_policy as string | undefined) || '';
    if (policy === 'never' || policy === 'build') {
      say(svc.name, 'Skipped');
      continue;
    }
    if ((policy === 'missing' || policy === 'if_not_present') && (await hasImage(s, svc))) {
      say(svc.name, 'Skipped - Image is already present locally');
      continue;
    }
    if (svc.build !== undefined && opts.ignoreBuildable) {
      say(svc.name, 'Skipped - Image can be built');
      continue;
    }
    const other = beingPulled.get(svc.image);
    if (other !== undefined) {
      say(svc.name, `Skipped - Image is already being pulled by ${other}`);
      continue;
    }
    beingPulled.set(svc.image, svc.name);
    todo.push(svc);
  }
  const mustBuild: string[] = [];
  const failures: unknown[] = [];
  const ctx = s.ctx;
  await inParallel(todo, async (svc) => {
    say(svc.name, 'Pulling');
    try {
      await pullWithOutput(ctx, svc.image ?? '', {
        quiet: true,
        unpack: 'auto',
        concurrency: 3,
        printName: false,
        ...(svc.platform ? { platform: String(svc.platform) } : {}),
        io: { ...ctx.io, stdout: sink(), stderr: sink(), isTTY: false, errIsTTY: false },
        onEvent: (e) => {
          if (e.kind === 'layer') layer(e.id, PULL_WORDS[e.status] ?? e.status);
        },
      });
    } catch (e) {
      failures.push(e);
      if (svc.build !== undefined) mustBuild.push(svc.name);
      if (opts.ignoreFailures) {
        say(svc.name, 'Warning', errorMessage(e));
        return;
      }
      say(svc.name, 'Error', errorMessage(e));
      // Fail fast unless the image can be built instead.
      if (svc.build === undefined) throw e;
      return;
    }
    say(svc.name, 'Pulled');
  });
  if (mustBuild.length > 0) ctx.io.stderr.write(`WARNING: Some service image(s) must be built from source by running:\n    docker compose build ${mustBuild.join(' ')}\n`);
  if (opts.ignoreFailures || failures.length === 0) return;
  if (failures.some((f) => !(f instanceof TsctlError))) throw failures.find((f) => !(f instanceof TsctlError));
  throwCollected(failures as TsctlError[]);
}

export interface ComposePushOptions {
  quiet: boolean;
  ignoreFailures: boolean;
}

/** Compose pushes the images it builds: services with both `build:` and `image:` (others are `Skipped`). */
export async function pushServices(s: ComposeSession, services: readonly ServiceConfig[], opts: ComposePushOptions): Promise<void> {
  const [{ pushReference }, { imageDeps }, { registryClient }, { parseReference }, { PUSH_WORDS }, { inParallel }] = await Promise.all([
    import('./push'),
    import('./images'),
    import('./registry'),
    import('../../registry/reference'),
    import('../../output/views/push'),
    import('./compose-engine'),
  ]);
  const ctx = s.ctx;
  const jobs: { svc: ServiceConfig; tag: string }[] = [];
  for (const svc of services) {
    if (svc.build === undefined || svc.image === undefined || svc.image === '') {
      if (!opts.quiet) ctx.io.stderr.write(composeProgress(svc.name, 'Skipped'));
      continue;
    }
    jobs.push({ svc, tag: svc.image });
  }
  if (jobs.length === 0) return;
  const deps = await imageDeps(ctx);
  const registry = registryClient(ctx);
  const layer = layerPrinter(s, opts.quiet);
  try {
    await inParallel(jobs, async ({ svc, tag }) => {
      try {
        await pushReference(ctx, deps, registry, parseReference(tag), {
          platform: svc.platform === undefined ? undefined : String(svc.platform),
          report: (e) => layer(`Pushing ${tag}: ${e.id}`, e.status === 'mounted' ? `${PUSH_WORDS.mounted} ${e.from ?? ''}` : PUSH_WORDS[e.status]),
        });
      } catch (e) {
        if (!opts.ignoreFailures) throw e;
        ctx.io.stderr.write(`Pushing ${svc.name}: ${errorMessage(e)}\n`);
      }
    });
  } finally {
    await registry.close();
  }
}
