// Import rules between the project's folders (see ARCHITECTURE.md). `npm run lint` runs them.
// Violations that predate a rule are listed in .dependency-cruiser-known-violations.json and
// tolerated until the folder they sit in is untangled; any new one fails lint.
// Regenerate that baseline only when a change removes violations:
//   npx depcruise orchestrator main renderer/src --output-type baseline > .dependency-cruiser-known-violations.json

/** Folders from the bottom floor up: a folder may import only folders at a lower or equal rank. */
const LAYERS = [
  ['contract'], // imports nothing at all (rule contract-imports-nothing)
  ['config'],
  ['runtime', 'storage'],
  ['api'],
  ['client', 'apiserver'],
  ['metrics', 'scheduler', 'controllers', 'node', 'proxy', 'provider'],
  ['cluster'], // host lifecycle behind one front door
  ['operations'],
  ['dashboard'],
  ['controlplane'],
  ['cli'],
];

const folder = (name) => `^orchestrator/${name}(/|\\.ts$)`;
const above = (rank) =>
  LAYERS.slice(rank + 1)
    .flat()
    .map(folder);

const layerRules = LAYERS.flatMap((names, rank) =>
  above(rank).length === 0
    ? []
    : [
        {
          name: `layer-${names.join('-').replace(/\//g, '_')}`,
          comment: `${names.join(', ')} may not import a folder above it (that would make a cycle between floors)`,
          severity: 'error',
          from: { path: names.map(folder) },
          to: {
            path: above(rank),
            pathNot: LAYERS.slice(0, rank + 1)
              .flat()
              .map(folder),
          },
        },
      ],
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'contract-imports-nothing',
      comment:
        'the contract is plain JSON types and pure functions the renderer shares: no imports outside its folder, not even Node built-ins',
      severity: 'error',
      from: { path: '^orchestrator/contract/' },
      to: { pathNot: '^orchestrator/contract/' },
    },
    {
      name: 'no-circular',
      comment: 'modules may not import each other in a cycle',
      severity: 'error',
      from: { path: '^(orchestrator|main|renderer/src)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'orchestrator-is-headless',
      comment: 'orchestrator/ runs without Electron and never reaches into the UI',
      severity: 'error',
      from: { path: '^orchestrator/' },
      to: { path: ['^node_modules/electron/', '^main/', '^renderer/'] },
    },
    {
      name: 'control-loops-stay-off-the-host',
      comment:
        'controllers, the scheduler and the API server work through the API only: no Docker runtime, node-agent internals, cluster lifecycle or CLI',
      severity: 'error',
      from: { path: ['^orchestrator/(controllers|scheduler|apiserver)/'] },
      to: {
        path: ['^orchestrator/(runtime|node|cluster|cli|provider)/', '^node_modules/dockerode/'],
      },
    },
    {
      name: 'renderer-imports-only-the-contract',
      comment: 'the UI talks to the operations API through its Bridge; the contract is all it shares',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: {
        path: '^(orchestrator|main)/',
        pathNot: '^orchestrator/contract/',
      },
    },
    {
      name: 'main-stays-thin',
      comment: 'the Electron shell wires; it does not reach into storage, the API internals or controllers',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^orchestrator/(storage|apiserver|controllers|scheduler|node|runtime)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '\\.test\\.ts$', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
