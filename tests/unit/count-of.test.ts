import { describe, expect, it } from 'vitest';
import { countOf } from '../../components/format';

describe('counts with their noun in the right number', () => {
  it('says one in the singular and every other count in the plural', () => {
    expect(countOf(1, 'email')).toBe('1 email');
    expect(countOf(0, 'email')).toBe('0 emails');
    expect(countOf(2, 'call')).toBe('2 calls');
    expect(countOf(1, 'reply', 'replies')).toBe('1 reply');
    expect(countOf(3, 'reply', 'replies')).toBe('3 replies');
  });
});
