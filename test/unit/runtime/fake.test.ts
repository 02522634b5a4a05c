import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';
import { ImagePullError, RuntimeError } from '../../../orchestrator/runtime/types.js';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let s = '';
  for await (const c of stream) s += c.toString();
  return s;
}

describe('FakeRuntime', () => {
  let rt: FakeRuntime;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2025-01-01T00:00:00Z') });
    rt = new FakeRuntime();
  });
  afterEach(() => vi.useRealTimers());

  it('pulls only what its registry has, keeping the failure reason', async () => {
    rt.addToRegistry('nginx:1.27');
    rt.failPull('flaky:v1', 'Unreachable');
    await rt.pullImage('nginx:1.27');
    expect(await rt.inspectImage('nginx:1.27')).toMatchObject({ repoTags: ['nginx:1.27'] });
    await expect(rt.pullImage('does-not-exist:v9')).rejects.toMatchObject({ reason: 'NotFound' });
    await expect(rt.pullImage('flaky:v1')).rejects.toMatchObject({ reason: 'Unreachable' });
    await expect(rt.pullImage('Bad:Name')).rejects.toBeInstanceOf(ImagePullError);
    expect(await rt.inspectImage('missing:v1')).toBeUndefined();
  });

  it('treats nginx and nginx:latest as the same image', async () => {
    rt.addImage('nginx');
    expect(await rt.inspectImage('nginx:latest')).toBeDefined();
  });

  it('runs a scripted container to its exit and reports it', async () => {
    rt.addImage('app:v1');
    rt.script('app:v1', { exitAfterMs: 1000, exitCode: 3, logs: ['hello', 'bye'] });
    const id = await rt.createContainer({ name: 'c1', image: 'app:v1', labels: { a: 'b' } });
    expect((await rt.inspectContainer(id))!.state).toBe('created');
    await rt.startContainer(id);
    const waited = rt.waitContainer(id);
    expect((await rt.inspectContainer(id))!.state).toBe('running');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await waited).toBe(3);
    const info = (await rt.inspectContainer(id))!;
    expect(info).toMatchObject({
      state: 'exited',
      exitCode: 3,
      oomKilled: false,
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:01.000Z',
    });
    expect(await text(await rt.logs(id, { tail: 1 }))).toBe('bye\n');
    expect(await text(await rt.logs(id, { timestamps: true }))).toBe(
      '2025-01-01T00:00:00.000Z hello\n2025-01-01T00:00:00.000Z bye\n',
    );
  });

  it('reports an OOM kill', async () => {
    rt.addImage('hog');
    rt.script('hog', { exitAfterMs: 10, oomKilled: true });
    const id = await rt.createContainer({ name: 'hog', image: 'hog', labels: {} });
    await rt.startContainer(id);
    await vi.advanceTimersByTimeAsync(10);
    expect(await rt.inspectContainer(id)).toMatchObject({ exitCode: 137, oomKilled: true });
  });

  it('stop: SIGTERM ends a cooperative container at once, an ignoring one after the timeout', async () => {
    rt.addImage('ok');
    rt.addImage('stubborn');
    rt.script('ok', { sigtermExitCode: 0 });
    rt.script('stubborn', { ignoreSigterm: true });
    const a = await rt.createContainer({ name: 'a', image: 'ok', labels: {} });
    const b = await rt.createContainer({ name: 'b', image: 'stubborn', labels: {} });
    await rt.startContainer(a);
    await rt.startContainer(b);
    await rt.stopContainer(a, 30);
    expect(await rt.inspectContainer(a)).toMatchObject({ state: 'exited', exitCode: 0 });
    let stopped = false;
    const stopping = rt.stopContainer(b, 5).then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(stopped).toBe(false);
    expect((await rt.inspectContainer(b))!.state).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(await rt.inspectContainer(b)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('follow logs stream new lines and end when the container exits', async () => {
    rt.addImage('app');
    rt.script('app', { logs: ['first'] });
    const id = await rt.createContainer({ name: 'f', image: 'app', labels: {} });
    await rt.startContainer(id);
    const stream = await rt.logs(id, { follow: true });
    const all = text(stream);
    rt.exit(id, 0);
    expect(await all).toBe('first\n');
  });

  it('lists by labels, refuses name conflicts and removing running containers', async () => {
    rt.addImage('p');
    const a = await rt.createContainer({ name: 'x', image: 'p', labels: { pod: '1', role: 'sandbox' } });
    await rt.createContainer({ name: 'y', image: 'p', labels: { pod: '2' } });
    expect((await rt.listContainers({ pod: '1' })).map((c) => c.name)).toEqual(['x']);
    await expect(rt.createContainer({ name: 'x', image: 'p', labels: {} })).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(rt.createContainer({ name: 'z', image: 'nope', labels: {} })).rejects.toBeInstanceOf(
      RuntimeError,
    );
    await rt.startContainer(a);
    await expect(rt.removeContainer(a)).rejects.toMatchObject({ statusCode: 409 });
    await rt.removeContainer(a, { force: true });
    expect(await rt.inspectContainer(a)).toBeUndefined();
    await rt.removeContainer(a); // idempotent
    expect(rt.calls.filter((c) => c.op === 'removeContainer')).toHaveLength(3);
  });

  it('exec answers from the script and refuses a stopped container', async () => {
    rt.addImage('p');
    rt.script('p', {
      exec: (cmd) => ({ exitCode: cmd[0] === 'true' ? 0 : 1, stdout: cmd.join(' '), stderr: '' }),
    });
    const id = await rt.createContainer({ name: 'e', image: 'p', labels: {} });
    await expect(rt.exec(id, ['true'])).rejects.toMatchObject({ statusCode: 409 });
    await rt.startContainer(id);
    expect(await rt.exec(id, ['true'])).toEqual({ exitCode: 0, stdout: 'true', stderr: '' });
    expect((await rt.exec(id, ['false', 'x'])).exitCode).toBe(1);
  });
});
