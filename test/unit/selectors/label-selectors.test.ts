import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../orchestrator/api/errors.js';
import {
  formatLabelSelector,
  labelSelectorFromObject,
  labelSelectorString,
  matchLabels,
  parseLabelSelector,
} from '../../../orchestrator/api/selectors.js';

function parseError(s: string): StatusError {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
}

const QNAME_REGEX_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('parseLabelSelector', () => {
  it('parses every operator', () => {
    expect(parseLabelSelector('app=web')).toEqual([{ key: 'app', op: '=', values: ['web'] }]);
    expect(parseLabelSelector('app==web')).toEqual([{ key: 'app', op: '==', values: ['web'] }]);
    expect(parseLabelSelector('app!=web')).toEqual([{ key: 'app', op: '!=', values: ['web'] }]);
    expect(parseLabelSelector('tier in (b, a,b)')).toEqual([{ key: 'tier', op: 'in', values: ['a', 'b'] }]);
    expect(parseLabelSelector('tier notin (x)')).toEqual([{ key: 'tier', op: 'notin', values: ['x'] }]);
    expect(parseLabelSelector('canary')).toEqual([{ key: 'canary', op: 'exists', values: [] }]);
    expect(parseLabelSelector('!canary')).toEqual([{ key: 'canary', op: '!', values: [] }]);
    expect(parseLabelSelector('n>5')).toEqual([{ key: 'n', op: 'gt', values: ['5'] }]);
    expect(parseLabelSelector('n<05')).toEqual([{ key: 'n', op: 'lt', values: ['05'] }]);
  });

  it('handles whitespace, empty values, keywords as keys/values and prefixed keys', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('   ')).toEqual([]);
    expect(parseLabelSelector('a=')).toEqual([{ key: 'a', op: '=', values: [''] }]);
    expect(parseLabelSelector('a=,b')).toEqual([
      { key: 'a', op: '=', values: [''] },
      { key: 'b', op: 'exists', values: [] },
    ]);
    expect(parseLabelSelector('a in ()')).toEqual([{ key: 'a', op: 'in', values: [''] }]);
    expect(parseLabelSelector('a in (,x)')).toEqual([{ key: 'a', op: 'in', values: ['', 'x'] }]);
    expect(parseLabelSelector('in=notin')).toEqual([{ key: 'in', op: '=', values: ['notin'] }]);
    expect(parseLabelSelector('x in (in,notin)')).toEqual([{ key: 'x', op: 'in', values: ['in', 'notin'] }]);
    expect(parseLabelSelector(' app.kubernetes.io/name = web , !b ')).toEqual([
      { key: 'app.kubernetes.io/name', op: '=', values: ['web'] },
      { key: 'b', op: '!', values: [] },
    ]);
  });

  it('sorts requirements by key like upstream', () => {
    expect(parseLabelSelector('z=1,a=2,m').map((r) => r.key)).toEqual(['a', 'm', 'z']);
  });

  it('reports syntax errors with upstream messages and 400 BadRequest', () => {
    const e = parseError('a b');
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(parseError('a=b c').message).toBe("found 'c', expected: ',' or 'end of string'");
    expect(parseError('a,').message).toBe("found '', expected: identifier after ','");
    expect(parseError('(').message).toBe("found '(', expected: !, identifier, or 'end of string'");
    expect(parseError('a in b').message).toBe("unable to parse requirement: found 'b' expected: '('");
    expect(parseError('a in (b c)').message).toBe(
      "unable to parse requirement: found 'c', expected: ',' or ')'",
    );
    expect(parseError('a in (=)').message).toBe(
      "unable to parse requirement: found '=', expected: ',', ')' or identifier",
    );
    expect(parseError('!=a').message).toBe("found '!=', expected: !, identifier, or 'end of string'");
    expect(parseError('!!a').message).toBe("unable to parse requirement: found '!', expected: identifier");
    expect(parseError('!a=b').message).toBe("found '=', expected: ',' or 'end of string'");
    expect(parseError('a=(').message).toBe("unable to parse requirement: found '(', expected: identifier");
  });

  it('validates keys and values like labels.NewRequirement', () => {
    // Exactly what kubectl prints for `kubectl get pods -l app:monolith`.
    expect(parseError('app:monolith').message).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": name part ${QNAME_REGEX_MSG}`,
    );
    expect(parseError('a=b@c').message).toBe(
      "unable to parse requirement: values[0]: Invalid value: \"b@c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
    expect(parseError('a>b').message).toBe(
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    // Values are label values even for gt/lt, so negative numbers are rejected (as upstream).
    expect(parseError('a<-1').message).toContain('values[0]: Invalid value: "-1": a valid label must be');
    expect(parseError(`a=${'x'.repeat(64)}`).message).toContain('must be no more than 63 characters');
    expect(parseError('a/b/c=d').message).toContain('a qualified name must consist of');
  });
});

describe('matchLabels', () => {
  const labels = { app: 'web', tier: 'front', n: '7', empty: '' };
  const m = (s: string, ls: Record<string, string> | undefined = labels) =>
    matchLabels(parseLabelSelector(s), ls);

  it('implements each operator', () => {
    expect(m('')).toBe(true);
    expect(m('app=web')).toBe(true);
    expect(m('app==db')).toBe(false);
    expect(m('app!=db')).toBe(true);
    expect(m('missing!=x')).toBe(true); // != and notin match when the key is absent
    expect(m('missing notin (x)')).toBe(true);
    expect(m('tier notin (front,back)')).toBe(false);
    expect(m('tier in (front,back)')).toBe(true);
    expect(m('missing in (x)')).toBe(false);
    expect(m('app')).toBe(true);
    expect(m('!app')).toBe(false);
    expect(m('!missing')).toBe(true);
    expect(m('empty=')).toBe(true);
    expect(m('empty in ()')).toBe(true);
    expect(m('missing=')).toBe(false);
  });

  it('compares gt/lt as int64 and never matches non-integers', () => {
    expect(m('n>6')).toBe(true);
    expect(m('n>7')).toBe(false);
    expect(m('n<8')).toBe(true);
    expect(m('n<7')).toBe(false);
    expect(m('app>1')).toBe(false);
    expect(m('missing<100')).toBe(false);
    expect(matchLabels(parseLabelSelector('big>9223372036854775806'), { big: '9223372036854775807' })).toBe(
      true,
    );
    expect(matchLabels(parseLabelSelector('big>1'), { big: '9223372036854775808' })).toBe(false); // overflows int64
  });

  it('requires every requirement and treats missing labels as empty', () => {
    expect(m('app=web,tier=front')).toBe(true);
    expect(m('app=web,tier=back')).toBe(false);
    expect(matchLabels(parseLabelSelector('app'), undefined)).toBe(false);
    expect(matchLabels(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchLabels(parseLabelSelector('app!=x'), undefined)).toBe(true);
  });
});

describe('labelSelectorFromObject / formatLabelSelector', () => {
  const sel = {
    matchLabels: { tier: 'x' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'z', operator: 'DoesNotExist' },
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'NotIn', values: ['q'] },
    ],
  };

  it('converts metav1.LabelSelector to requirements', () => {
    const reqs = labelSelectorFromObject(sel);
    expect(reqs.map((r) => `${r.key}:${r.op}`)).toEqual(['a:exists', 'b:notin', 'env:in', 'tier:=', 'z:!']);
    expect(matchLabels(reqs, { a: '1', env: 'dev', tier: 'x' })).toBe(true);
    expect(matchLabels(reqs, { a: '1', env: 'dev', tier: 'x', z: '' })).toBe(false);
    expect(matchLabels(reqs, { a: '1', env: 'qa', tier: 'x' })).toBe(false);
    expect(matchLabels(reqs, { a: '1', b: 'q', env: 'dev', tier: 'x' })).toBe(false);
  });

  it('selects nothing for a nil selector and everything for an empty one', () => {
    expect(matchLabels(labelSelectorFromObject(undefined), {})).toBe(false);
    expect(matchLabels(labelSelectorFromObject(null), { app: 'web' })).toBe(false);
    expect(matchLabels(labelSelectorFromObject({}), { app: 'web' })).toBe(true);
    expect(matchLabels(labelSelectorFromObject({ matchLabels: {} }), undefined)).toBe(true);
  });

  it('rejects invalid selectors with 400', () => {
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }),
    ).toThrow('"Equals" is not a valid label selector operator');
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow('values set must be empty for exists and does not exist');
    expect(() => labelSelectorFromObject({ matchLabels: { 'bad key': 'v' } })).toThrow(
      /^key: Invalid value: "bad key"/,
    );
  });

  it('formats like metav1.FormatLabelSelector', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector(sel)).toBe('a,b notin (q),env in (dev,prod),tier=x,!z');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
    expect(formatLabelSelector(parseLabelSelector('x>3,app=web'))).toBe('app=web,x>3');
    expect(labelSelectorString(parseLabelSelector('b in (y,x),a!=1,c==2,d<4'))).toBe(
      'a!=1,b in (x,y),c==2,d<4',
    );
  });
});
