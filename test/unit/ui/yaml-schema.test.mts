// The editor's schema drives monaco-yaml's language service (the same worker code the browser
// runs): completion under a Deployment's spec offers its fields, hover shows their docs, and
// validation flags values the schema forbids.
import { register } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_SCHEMA } from '../../../renderer/src/editor/schema.js';
import { TEMPLATES } from '../../../renderer/src/editor/templates.js';

// monaco-yaml's worker hands its factory to Monaco's worker bootstrap; a loader hook swaps that
// bootstrap for one that just keeps the factory, so the language service runs here in-process.
const HOOKS = `export async function resolve(spec, ctx, next) {
  if (spec === 'path-browserify') return { shortCircuit: true, url: 'node:path' };
  if (spec === 'monaco-worker-manager/worker')
    return { shortCircuit: true, url: 'data:text/javascript,export function initialize(f){globalThis.__yamlFactory=f}' };
  return next(spec, ctx);
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);

// The service caches parsed documents by uri and version: each text gets a new version.
let version = 0;
async function languageService(text: string) {
  await import('monaco-yaml/yaml.worker.js');
  const uri = 'file:///manifest.yaml';
  const model = { uri, version: ++version, getValue: () => text };
  return (globalThis as any).__yamlFactory(
    { getMirrorModels: () => [model] },
    {
      enableSchemaRequest: false,
      validate: true,
      completion: true,
      hover: true,
      schemas: [{ uri: 'kubedeck://schemas/kubernetes.json', fileMatch: ['*'], schema: KUBERNETES_SCHEMA }],
    },
  );
}

const URI = 'file:///manifest.yaml';
const labels = (list: { items: { label: string }[] }) => list.items.map((i) => i.label);
const DEPLOY_HEAD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n';

describe('Kubernetes schema in the YAML language service', () => {
  it("completes Deployment spec fields from the schema (not another kind's)", async () => {
    const ls = await languageService(`${DEPLOY_HEAD}  \n`);
    const got = labels(await ls.doComplete(URI, { line: 5, character: 2 }));
    expect(got).toEqual(expect.arrayContaining(['replicas', 'selector', 'template', 'strategy']));
    expect(got).not.toContain('containers'); // a Pod's spec field
    expect(got).not.toContain('ports'); // a Service's
  });

  it('completes per document in a multi-document file', async () => {
    const text = `${DEPLOY_HEAD}  replicas: 1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  \n  type: NodePort\n`;
    const ls = await languageService(text);
    const got = labels(await ls.doComplete(URI, { line: 12, character: 2 }));
    expect(got).toEqual(expect.arrayContaining(['selector', 'ports']));
    expect(got).not.toContain('type'); // already there
    expect(got).not.toContain('replicas'); // the Deployment's, one document up
    // At the very end of a document the service needs a first letter (yaml-language-server
    // does not match a trailing blank line to its document).
    const end = await languageService(text.replace('  \n  type: NodePort\n', '  p\n'));
    expect(labels(await end.doComplete(URI, { line: 12, character: 3 }))).toContain('ports');
    const kinds = labels(
      await (await languageService('kind: \n')).doComplete(URI, { line: 0, character: 6 }),
    );
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'ConfigMap']));
  });

  it("hover shows the field's description", async () => {
    const ls = await languageService(`${DEPLOY_HEAD}  replicas: 2\n`);
    const hover = await ls.doHover(URI, { line: 5, character: 4 });
    expect(JSON.stringify(hover.contents)).toContain('Number of desired pods');
  });

  it('flags values the schema forbids, and every starter template is clean', async () => {
    const ls = await languageService(`${DEPLOY_HEAD}  replicas: two\n`);
    const diags = await ls.doValidation(URI);
    expect(diags.map((d: any) => [d.range.start.line, d.message])).toContainEqual([
      5,
      expect.stringMatching(/Incorrect type\. Expected "integer"/),
    ]);
    // Kinds beyond the schema's are offered no fields but are not errors (the server decides).
    const other = await languageService('apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: x}\n');
    expect(await other.doValidation(URI)).toEqual([]);
    for (const t of TEMPLATES) {
      const clean = await (await languageService(t.yaml)).doValidation(URI);
      expect(clean, t.id).toEqual([]);
    }
  });
});
