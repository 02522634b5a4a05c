import { describe, expect, it } from 'vitest';
import { RecordingReporter } from '../../../orchestrator/cluster/reporter.js';
import { runSteps, type Step } from '../../../orchestrator/cluster/steps.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runSteps (start as named steps over one context)', () => {
  it('starts a step once the steps it needs are done, and overlaps independent ones', async () => {
    const log: string[] = [];
    const step = (name: string, ms: number, after?: string[]): Step<string[]> => ({
      name,
      after,
      run: async (ctx) => {
        ctx.push(`start ${name}`);
        await sleep(ms);
        ctx.push(`end ${name}`);
      },
    });
    const r = new RecordingReporter();
    await runSteps(
      [step('a', 5), step('b', 40, ['a']), step('c', 5, ['a']), step('d', 1, ['b', 'c'])],
      log,
      r,
    );
    // b and c both start after a, c finishes while b still runs, d waits for both.
    expect(log.slice(0, 4)).toEqual(['start a', 'end a', 'start b', 'start c']);
    expect(log.indexOf('end c')).toBeLessThan(log.indexOf('end b'));
    expect(log.slice(-2)).toEqual(['start d', 'end d']);
    expect(r.lines).toEqual(['✓ a', '✓ c', '✓ b', '✓ d']);
  });

  it('skips steps whose condition is false, without reporting them', async () => {
    const r = new RecordingReporter();
    const ran: string[] = [];
    await runSteps(
      [
        { name: 'docker', when: () => false, run: () => void ran.push('docker') },
        { name: 'after docker', after: ['docker'], done: () => 'done it', run: () => void ran.push('after') },
      ],
      {},
      r,
    );
    expect(ran).toEqual(['after']);
    expect(r.lines).toEqual(['✓ done it']);
  });

  it('fails the steps that need a failed one, lets the others finish, then rejects with the failure', async () => {
    const r = new RecordingReporter();
    const ran: string[] = [];
    const boom = new Error('network failed');
    const run = runSteps(
      [
        {
          name: 'network',
          run: () => {
            throw boom;
          },
        },
        { name: 'image', run: () => sleep(20).then(() => void ran.push('image')) },
        { name: 'containers', after: ['network', 'image'], run: () => void ran.push('containers') },
      ],
      {},
      r,
    );
    await expect(run).rejects.toBe(boom);
    expect(ran).toEqual(['image']); // finished, not abandoned; its dependent never ran
  });

  it('refuses a step that needs one listed after it', async () => {
    await expect(
      runSteps(
        [
          { name: 'a', after: ['b'], run: () => {} },
          { name: 'b', run: () => {} },
        ],
        {},
        new RecordingReporter(),
      ),
    ).rejects.toThrow(/needs "b", which is not listed before it/);
  });
});
