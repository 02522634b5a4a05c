// The operations API's contract: the types and the `{result} | {error}` envelope the UI and the
// servers share. Plain JSON and pure functions only; it imports nothing outside this folder.
export * from './cluster.js';
export * from './envelope.js';
export * from './go-duration.js';
export * from './objects.js';
export * from './operations.js';
export * from './params.js';
export * from './shell.js';
export * from './table.js';
export * from './watch.js';
