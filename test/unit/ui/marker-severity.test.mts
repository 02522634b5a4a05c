import { describe, expect, it } from 'vitest';
import { promoteTypeMismatches } from '../../../renderer/src/editor/marker-severity.js';

describe('YAML editor marker severity', () => {
  it('shows schema type mismatches as errors and keeps other schema hints as warnings', () => {
    const WARNING = 4;
    const ERROR = 8;
    const markers = [
      { message: 'Incorrect type. Expected "integer".', severity: WARNING },
      { message: 'Incorrect type. Expected one of string, integer.', severity: WARNING },
      { message: 'Property replicaz is not allowed.', severity: WARNING },
      { message: 'Missing property "name".', severity: WARNING },
    ];
    expect(promoteTypeMismatches(markers, ERROR).map((m) => m.severity)).toEqual([
      ERROR,
      ERROR,
      WARNING,
      WARNING,
    ]);
    expect(markers[0].severity).toBe(WARNING); // not mutated
  });
});
