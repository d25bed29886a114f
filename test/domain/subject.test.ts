import { describe, expect, it } from 'vitest';
import { parseSubjectKey, subjectKey, subjectKinds } from '../../src/domain/subject.js';

describe('subject references', () => {
  it.each(subjectKinds.map((k) => [k]))('stores and reads back a %s subject', (kind) => {
    const ref = { kind, id: 9_223_372_036_854_775_807n };
    expect(parseSubjectKey(subjectKey(ref))).toEqual(ref);
  });

  it.each(['dispute:', 'dispute:x', 'disputes:1', ' dispute:1', 'dispute:1 ', 'dispute:9223372036854775808', 'alert:-1', 'toString:1'])(
    'reads %j as no subject', (key) => {
      expect(parseSubjectKey(key)).toBeNull();
    },
  );
});
