// The node image: a Node.js base image + the bundled agent, built once per content hash
// (base image id + agent bundle + Dockerfile) and tagged kubedeck/node:<hash12>. Never pulls while
// building; a missing base image gets one bounded pull attempt, then a clear line on what to do.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerRuntime } from '../runtime/docker.js';
import { UserError } from '../config/errors.js';
import { envSetting, envValue } from '../config/settings.js';

export const NODE_IMAGE_REPO = 'kubedeck/node';
export const LABEL_IMAGE_HASH = 'kubedeck.node-image.hash';
const BASE_PULL_TIMEOUT_MS = 180_000;

export function nodeBaseImage(env: NodeJS.ProcessEnv = process.env): string {
  return envSetting('nodeBaseImage', env) as string;
}

export function pauseImage(env: NodeJS.ProcessEnv = process.env): string {
  return envSetting('pauseImage', env) as string;
}

/** sha256 over the three inputs, each length-prefixed so no two input sets collide. */
export function nodeImageHash(baseImageId: string, agentBundle: Buffer, dockerfile: Buffer | string): string {
  const h = createHash('sha256');
  for (const part of [Buffer.from(baseImageId), agentBundle, Buffer.from(dockerfile)]) {
    h.update(`${part.length}:`);
    h.update(part);
  }
  return h.digest('hex');
}

export function nodeImageTag(hash: string): string {
  return `${NODE_IMAGE_REPO}:${hash.slice(0, 12)}`;
}

/** Walks up from this module to find `rel` (works from source, from dist/ and from a package). */
function findUp(rel: string, from = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let d = from, i = 0; i < 6; i++, d = path.dirname(d)) {
    const f = path.join(d, rel);
    if (existsSync(f)) return f;
  }
  return undefined;
}

export function nodeImageDockerfile(): string {
  const f = findUp('resources/node-image/Dockerfile');
  if (!f)
    throw new UserError(
      'resources/node-image/Dockerfile is missing from this installation',
      'reinstall kubedeck',
    );
  return f;
}

/** The agent bundle: KUBEDECK_AGENT_BUNDLE, else dist/agent.mjs beside the CLI bundle. */
export function agentBundlePath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = envValue('agentBundle', env) as string | undefined;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new UserError(`KUBEDECK_AGENT_BUNDLE=${fromEnv} does not exist`);
    return path.resolve(fromEnv);
  }
  const f = findUp('agent.mjs') ?? findUp('dist/agent.mjs');
  if (!f) throw new UserError('the node agent bundle dist/agent.mjs is missing', 'run `npm run build`');
  return f;
}

/** Makes sure the base image is local: one bounded pull, else a UserError saying how to provide it. */
export async function ensureBaseImage(
  rt: DockerRuntime,
  ref: string,
  pullTimeoutMs = BASE_PULL_TIMEOUT_MS,
): Promise<string> {
  const have = await rt.inspectImage(ref);
  if (have) return have.id;
  const puller = new DockerRuntime({
    socketPath: (rt.docker.modem as { socketPath?: string }).socketPath,
    pullTimeoutMs,
  });
  try {
    await puller.pullImage(ref);
  } catch (err) {
    throw new UserError(
      `node base image ${ref} is not available locally and could not be pulled (${(err as Error).message.split('\n')[0]})`,
      `pull or tag it yourself (docker pull ${ref}), or set KUBEDECK_NODE_BASE_IMAGE to a local Node.js image`,
    );
  }
  const got = await rt.inspectImage(ref);
  if (!got) throw new UserError(`node base image ${ref} is still missing after pulling it`);
  return got.id;
}

export interface NodeImageOptions {
  baseImage: string;
  agentBundle: string;
  dockerfile?: string;
  log?: (line: string) => void;
}

/** Returns the node image tag, building it only when no image with this content hash exists. */
export async function ensureNodeImage(
  rt: DockerRuntime,
  opts: NodeImageOptions,
): Promise<{ tag: string; hash: string; built: boolean }> {
  const dockerfile = opts.dockerfile ?? nodeImageDockerfile();
  const baseId = await ensureBaseImage(rt, opts.baseImage);
  const hash = nodeImageHash(baseId, readFileSync(opts.agentBundle), readFileSync(dockerfile));
  const tag = nodeImageTag(hash);
  if ((await rt.imageLabels(tag))?.[LABEL_IMAGE_HASH] === hash) return { tag, hash, built: false };
  const ctx = mkdtempSync(path.join(tmpdir(), 'kubedeck-node-image-'));
  try {
    copyFileSync(dockerfile, path.join(ctx, 'Dockerfile'));
    copyFileSync(opts.agentBundle, path.join(ctx, 'agent.mjs'));
    await rt.buildImage(ctx, tag, { [LABEL_IMAGE_HASH]: hash, 'kubedeck.node-image': 'true' }, opts.log, {
      buildArgs: { BASE: opts.baseImage },
    });
  } catch (err) {
    throw new UserError(`could not build the node image ${tag}: ${(err as Error).message}`);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return { tag, hash, built: true };
}
