// yaml-language-server reports every schema problem as a warning. A value of the wrong type
// ("Incorrect type. Expected "integer".") is refused by the API server, so the editor shows it
// as an error; the other schema hints (unknown or missing properties, enums) stay warnings.
import type * as Monaco from 'monaco-editor/editor/editor.api.js';

const TYPE_MISMATCH = /^Incorrect type\. Expected /;

/** The same markers with schema type mismatches raised to `errorSeverity`. */
export function promoteTypeMismatches<M extends { message: string; severity: number }>(
  markers: readonly M[],
  errorSeverity: number,
): M[] {
  return markers.map((m) => (TYPE_MISMATCH.test(m.message) ? { ...m, severity: errorSeverity } : m));
}

/** Wraps monaco.editor.setModelMarkers so markers from `owner` are promoted as they are set. */
export function withTypeErrors(monaco: typeof Monaco, owner: string): typeof Monaco.editor.setModelMarkers {
  const set = monaco.editor.setModelMarkers.bind(monaco.editor);
  return (model, markerOwner, markers) =>
    set(
      model,
      markerOwner,
      markerOwner === owner ? promoteTypeMismatches(markers, monaco.MarkerSeverity.Error) : markers,
    );
}
