// Image pulling as upstream's image manager (pkg/kubelet/images) does it: pull-policy decisions,
// per-pod pull back-off, the waiting reasons and events; plus Kubedeck's "local images first".
import type { KubeObject } from '../../api/types.js';
import { defaultPullPolicy } from '../../api/defaults/pod.js';
import { ImagePullError, type ContainerRuntime } from '../../runtime/types.js';
import { Backoff, goDuration } from './backoff.js';
import type { Clock } from './clock.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
export type ImageFailureReason =
  'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName' | 'ImageInspectError';

export type EnsureImageResult =
  { ok: true; imageRef: string } | { ok: false; reason: ImageFailureReason; message: string };

export type ImageEventSink = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

// docker/distribution reference grammar, simplified: [domain[:port]/]path[:tag][@digest], lowercase path.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

export function isValidImageName(image: string): boolean {
  if (!image || image.length > 255 + 128) return false;
  // A leading domain may carry upper case; the repository path never does.
  return REFERENCE.test(image);
}

/** The container's policy, or upstream's default from the tag when unset. */
export function pullPolicyOf(container: Record<string, any>): PullPolicy {
  const p = container.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  return defaultPullPolicy(String(container.image ?? ''));
}

/** Upstream shouldPullImage. */
export function shouldPull(policy: PullPolicy, present: boolean): boolean {
  if (policy === 'Never') return false;
  if (policy === 'Always') return true;
  return !present;
}

export interface ImageManagerOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  backoff: Backoff;
  /** DESIGN §5: when a pull fails and the exact image is local, run the local one (default on). */
  localImagesFirst: boolean;
}

export class ImageManager {
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(private readonly opts: ImageManagerOptions) {}

  /** Makes container.image available for pod, emitting upstream's events through emit. */
  async ensureImage(
    pod: KubeObject,
    container: Record<string, any>,
    emit: ImageEventSink,
  ): Promise<EnsureImageResult> {
    const image = String(container.image ?? '');
    if (!isValidImageName(image)) {
      const message = `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": invalid reference format`;
      emit('Warning', 'InspectFailed', message);
      return { ok: false, reason: 'InvalidImageName', message };
    }
    const { runtime, clock, backoff } = this.opts;
    let local;
    try {
      local = await runtime.inspectImage(image);
    } catch (e) {
      const message = `Failed to inspect image "${image}": ${(e as Error).message}`;
      emit('Warning', 'InspectFailed', message);
      return { ok: false, reason: 'ImageInspectError', message };
    }
    const policy = pullPolicyOf(container);
    if (!shouldPull(policy, !!local)) {
      if (local) {
        emit('Normal', 'Pulled', `Container image "${image}" already present on machine`);
        return { ok: true, imageRef: local.id };
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      emit('Warning', 'ErrImageNeverPull', message);
      return { ok: false, reason: 'ErrImageNeverPull', message };
    }
    const key = `${pod.metadata.uid}_${image}`;
    if (backoff.isInBackOffSinceUpdate(key)) {
      const message = `Back-off pulling image "${image}"`;
      emit('Normal', 'BackOff', message);
      return { ok: false, reason: 'ImagePullBackOff', message };
    }
    emit('Normal', 'Pulling', `Pulling image "${image}"`);
    const started = clock.now();
    try {
      await this.pullOnce(image);
    } catch (e) {
      const err =
        e instanceof ImagePullError
          ? e
          : new ImagePullError(image, 'Other', String((e as Error)?.message ?? e));
      const after = await runtime.inspectImage(image).catch(() => undefined);
      if (this.opts.localImagesFirst && after && err.reason !== 'InvalidName') {
        emit(
          'Normal',
          'Pulled',
          `Container image "${image}" already present on machine; pull failed (${err.message}), using the local image (local images first)`,
        );
        return { ok: true, imageRef: after.id };
      }
      emit('Warning', 'Failed', `Failed to pull image "${image}": ${err.message}`);
      backoff.next(key, clock.now());
      if (err.reason === 'InvalidName')
        return { ok: false, reason: 'InvalidImageName', message: err.message };
      return { ok: false, reason: 'ErrImagePull', message: err.message };
    }
    const took = goDuration(Math.max(0, clock.now() - started));
    emit('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting)`);
    backoff.gc();
    const info = await runtime.inspectImage(image);
    return { ok: true, imageRef: info?.id ?? image };
  }

  /** When a pull back-off for this pod and image ends (ms epoch), if one is active. */
  retryAt(pod: KubeObject, image: string): number | undefined {
    const key = `${pod.metadata.uid}_${image}`;
    const last = this.opts.backoff.lastUpdate(key);
    return last === undefined ? undefined : last + this.opts.backoff.get(key);
  }

  /** Concurrent pulls of the same image share one runtime pull. */
  private pullOnce(image: string): Promise<void> {
    let p = this.inflight.get(image);
    if (!p) {
      p = this.opts.runtime.pullImage(image).finally(() => this.inflight.delete(image));
      this.inflight.set(image, p);
    }
    return p;
  }
}
