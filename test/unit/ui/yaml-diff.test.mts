// The editor's "Diff" (kubectl diff): the panel lists each object with new/changed/unchanged and
// its line counts, shows the selected one (Monaco's diff editor, or a unified diff without it),
// and "Apply" from the panel applies the editor's text.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import ManifestDiff from '../../../renderer/src/components/yaml/ManifestDiff.vue';
import YamlEditorView from '../../../renderer/src/views/YamlEditorView.vue';
import type { DiffResult } from '@kubedeck/contract';
import { fakeBridge, type FakeBridge } from './fake-bridge.mjs';

// A stand-in for the lazily loaded Monaco: enough editor and diff editor to drive the view.
const fake = vi.hoisted(() => {
  const state = {
    text: '',
    diffModels: [] as { original: string; modified: string }[],
    markers: [] as any[],
  };
  const model = (value: string) => ({
    getValue: () => value,
    dispose() {},
    getLineMaxColumn: () => 10,
    getFullModelRange: () => ({}),
  });
  const monaco = {
    Uri: { parse: (s: string) => s },
    MarkerSeverity: { Error: 8 },
    editor: {
      // The editor's own model has a uri; the diff editor's two do not.
      createModel: (v: string, _l: string, uri?: string) => (uri && (state.text = v), model(v)),
      create: () => ({
        getValue: () => state.text,
        getModel: () => model(state.text),
        dispose() {},
        executeEdits: (_s: string, [e]: { text: string }[]) => (state.text = e.text),
        setPosition() {},
        revealLineInCenter() {},
        focus() {},
      }),
      createDiffEditor: () => {
        let current: any;
        return {
          setModel: (m: any) => {
            current = m;
            state.diffModels.push({ original: m.original.getValue(), modified: m.modified.getValue() });
          },
          getModel: () => current,
          dispose() {},
        };
      },
      setModelMarkers: (_m: unknown, _o: string, markers: any[]) => (state.markers = markers),
      setTheme() {},
    },
  };
  return { state, monaco };
});
vi.mock('../../../renderer/src/editor/monaco.js', () => ({ monaco: fake.monaco }));

const RESULT: DiffResult = {
  kubectl: 'kubectl diff --server-side --force-conflicts -f manifest.yaml',
  message: '',
  changed: true,
  errors: [],
  objects: [
    { kind: 'configmap', name: 'same', state: 'unchanged', live: 'a: 1\n', merged: 'a: 1\n' },
    {
      kind: 'deployment.apps',
      name: 'web',
      namespace: 'default',
      state: 'changed',
      live: 'spec:\n  replicas: 2\n  paused: false\n',
      merged: 'spec:\n  replicas: 5\n  paused: false\n',
    },
    { kind: 'service', name: 'web', namespace: 'default', state: 'new', live: '', merged: 'kind: Service\n' },
  ],
};

describe('YAML diff against live', () => {
  let b: FakeBridge;
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    setActivePinia(createPinia());
    fake.state.diffModels = [];
  });

  it('lists objects with their state, opens on the first change, and shows a unified diff', async () => {
    const w = mount(ManifestDiff, { props: { result: RESULT } });
    const rows = w.findAll('[data-object]');
    expect(rows.map((r) => [r.attributes('data-object'), r.attributes('data-state')])).toEqual([
      ['configmap/same', 'unchanged'],
      ['deployment.apps/web', 'changed'],
      ['service/web', 'new'],
    ]);
    expect(rows[1].text()).toContain('+1 −1');
    expect(rows[1].attributes('aria-selected')).toBe('true');
    expect(w.find('[data-testid=diff-summary]').text()).toBe('2 of 3 would change');
    expect(w.find('[data-testid=kubectl-hint]').text()).toContain('kubectl diff --server-side');
    const lines = w.findAll('[data-testid=diff-lines] span').map((s) => s.text());
    expect(lines).toEqual(
      ['spec:', '-   replicas: 2', '+   replicas: 5', 'paused: false'].map((l) => expect.stringContaining(l)),
    );
    expect(w.find('[data-testid=diff-lines] .del').text()).toContain('replicas: 2');
    expect(w.find('[data-testid=diff-unchanged]').exists()).toBe(false);
    await rows[0].trigger('click');
    expect(w.find('[data-testid=diff-unchanged]').exists()).toBe(true);
    await rows[2].trigger('click');
    expect(w.text()).toContain('Live: (does not exist yet)');
    expect(w.find('[data-testid=diff-lines] .add').text()).toContain('kind: Service');
    await w.find('[data-testid=diff-apply]').trigger('click');
    expect(w.emitted('apply')).toHaveLength(1);
  });

  it('the editor: Diff calls diffManifest with its text, shows live vs dry run in Monaco, Apply applies', async () => {
    b.reply = (name) =>
      name === 'diffManifest'
        ? RESULT
        : { kubectl: 'kubectl apply', message: '', dryRun: false, errors: [], results: [] };
    const w = mount(YamlEditorView);
    await flushPromises();
    await vi.waitFor(() => expect(w.find('[data-testid=diff]').attributes('disabled')).toBeUndefined());
    // A template replaces the text; the diff is of what the editor holds.
    await w.find('[data-testid=template]').setValue('configmap');
    expect(fake.state.text).toContain('kind: ConfigMap');
    await w.find('[data-testid=diff]').trigger('click');
    await flushPromises();
    expect(b.calls).toEqual([
      { name: 'diffManifest', params: { yaml: fake.state.text, namespace: 'default' } },
    ]);
    expect(w.find('[data-testid=diff-editor]').exists()).toBe(true);
    expect(fake.state.diffModels.at(-1)).toEqual({
      original: RESULT.objects[1].live,
      modified: RESULT.objects[1].merged,
    });
    await w.find('[data-testid=diff-apply]').trigger('click');
    await flushPromises();
    expect(b.calls[1]).toEqual({
      name: 'applyYaml',
      params: { yaml: fake.state.text, namespace: 'default', dryRun: false },
    });
    // Applied cleanly: the (now stale) diff closes.
    expect(w.find('[data-testid=manifest-diff]').exists()).toBe(false);
  });

  it('diff errors are pinned to their lines like apply errors', async () => {
    b.reply = () => ({
      ...RESULT,
      objects: [],
      errors: [{ line: 6, column: 3, document: 0, message: 'spec.replicas: Invalid value: -1' }],
    });
    const w = mount(YamlEditorView);
    await flushPromises();
    await vi.waitFor(() => expect(w.find('[data-testid=diff]').attributes('disabled')).toBeUndefined());
    await w.find('[data-testid=diff]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid=apply-error]').text()).toBe('line 6: spec.replicas: Invalid value: -1');
    expect(fake.state.markers).toEqual([
      expect.objectContaining({
        startLineNumber: 6,
        startColumn: 3,
        message: 'spec.replicas: Invalid value: -1',
      }),
    ]);
  });
});
