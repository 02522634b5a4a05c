// Bundles the headless orchestrator (CLI + daemon) into dist/ with esbuild.
// Dependencies stay external: they are installed next to the bundle by npm.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildUi } from './build-ui.mjs';

// The agent reaches its engine over a unix socket and never builds images, so dockerode's
// BuildKit session (gRPC) and docker-modem's ssh:// transport are dead weight there: about 1.7 MB
// of code that would be evaluated at start-up and held in every node's memory. They are replaced
// by stubs that fail loudly if anything ever reaches them.
const STUBBED = /^(@grpc\/grpc-js|@grpc\/proto-loader|ssh2)$/;
const agentStubs = {
  name: 'agent-stubs',
  setup(b) {
    b.onResolve({ filter: STUBBED }, (args) => ({ path: args.path, namespace: 'agent-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'agent-stub' }, (args) => ({
      loader: 'js',
      contents: `const fail = () => { throw new Error(${JSON.stringify(
        `${args.path} is not bundled into the Kubedeck node agent`,
      )}); };
module.exports = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? false : fail) });`,
    }));
  },
};

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();

/** One ESM bundle for Node 20 in dist/<name>.mjs; `extra` adds or overrides esbuild options. */
const bundle = (name, entry, extra = {}) =>
  build({
    absWorkingDir: root,
    entryPoints: { [name]: entry },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    ...extra,
  });

await bundle('cli', 'orchestrator/cli/main.ts', { packages: 'external', sourcemap: true });
// The node agent runs inside node containers where no node_modules exist: inline everything.
await bundle('agent', 'orchestrator/node/agent/main.ts', {
  packages: 'bundle',
  // Optional native add-ons of ssh2 (pulled in by dockerode, unused over a unix socket): ssh2
  // requires them inside try/catch, so leaving them out of the bundle is safe.
  external: ['cpu-features', '*.node'],
  plugins: [agentStubs],
  // CommonJS dependencies use require/__dirname: give the ESM bundle those.
  banner: {
    js: [
      "import { createRequire as __kdRequire } from 'node:module';",
      "import { fileURLToPath as __kdPath } from 'node:url';",
      "import { dirname as __kdDirname } from 'node:path';",
      'const require = __kdRequire(import.meta.url);',
      'const __filename = __kdPath(import.meta.url);',
      'const __dirname = __kdDirname(__filename);',
    ].join(' '),
  },
});
// The cluster service proxy (ClusterIPs + DNS) runs in its own container from the node image;
// the control plane copies this bundle into it. Node built-ins only.
await bundle('proxy', 'orchestrator/node/proxy/main.ts');
// The UI: renderer (Vite, only when its sources changed) and the Electron shell.
// KUBEDECK_BUILD_UI=0 skips it for engine-only work.
if (process.env.KUBEDECK_BUILD_UI !== '0') await buildUi(root);
if (!process.env.KUBEDECK_QUIET_BUILD) console.log(`built dist/ in ${Date.now() - started} ms`);
