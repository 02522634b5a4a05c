// Monaco with only what a YAML editor needs (no TypeScript/CSS/HTML services), plus monaco-yaml.
// Loaded lazily by the YAML editor page: none of this is in the initial bundle.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/esm/vs/languages/definitions/yaml/register.js';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import { KUBERNETES_SCHEMA } from './schema.js';
import { withTypeErrors } from './marker-severity.js';

(globalThis as any).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// monaco-yaml's worker manager still uses the pre-0.55 createWebWorker({moduleId, label,
// createData}); Monaco now wants the Worker itself, primed with createData as its first message.
const legacyWorkers = {
  ...monaco,
  editor: {
    ...monaco.editor,
    // monaco-yaml sets its markers through this object: type mismatches become errors.
    setModelMarkers: withTypeErrors(monaco, 'yaml'),
    createWebWorker(opts: any) {
      if (opts.worker) return monaco.editor.createWebWorker(opts);
      const worker = new YamlWorker();
      worker.postMessage('ignore');
      worker.postMessage(opts.createData);
      return monaco.editor.createWebWorker({
        worker,
        host: opts.host,
        keepIdleModels: opts.keepIdleModels,
      });
    },
  },
};

configureMonacoYaml(legacyWorkers, {
  enableSchemaRequest: false,
  validate: true,
  completion: true,
  hover: true,
  schemas: [{ uri: 'kubedeck://schemas/kubernetes.json', fileMatch: ['*'], schema: KUBERNETES_SCHEMA }],
});

export { monaco };
