import { describe, expect, it } from 'vitest';
import { fillTemplate } from './template.js';

describe('fillTemplate', () => {
  it('fills every placeholder, as often as it occurs', () => {
    expect(fillTemplate('{a} and {b}, {a} again', { a: 'x', b: 2 })).toBe('x and 2, x again');
  });

  it('refuses a placeholder without a value and a value without a placeholder', () => {
    expect(() => fillTemplate('{a} {missing}', { a: 1 })).toThrow('report template placeholder {missing} has no value.');
    expect(() => fillTemplate('{a}', { a: 1, extra: 2 })).toThrow('report template has no placeholder {extra}.');
  });
});
