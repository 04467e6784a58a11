/** The follow-ups a loss schedules, built from the deal, its reflection and the settings. */
import { describe, expect, it } from 'vitest';
import { followUpsForReflection } from '../../lib/followups/rules';
import { defaultSettings, type Deal } from '../../lib/model';
import { emptyReflection } from '../../lib/reflection/model';

const at = (iso: string) => Date.parse(iso);

const deal: Deal = {
  id: 'hubspot:1:1',
  source: 'hubspot',
  name: 'Acme renewal',
  status: 'lost',
  contractTermMonths: 12,
  contactEmails: ['jane@acme.test'],
  threadIds: [],
  openedAt: at('2026-01-05T10:00:00Z'),
  updatedAt: at('2026-01-05T10:00:00Z'),
};

describe('followUpsForReflection', () => {
  it('schedules in UTC when the stored time zone cannot be used, instead of failing', () => {
    // Settings written before they were checked: the working hours fall back to UTC's defaults.
    const settings = { ...defaultSettings('America/New_York'), timeZone: 'Europe/Atlantis' };
    const lostAt = at('2026-03-02T15:00:00Z'); // a Monday
    const [debrief, reengage] = followUpsForReflection(deal, emptyReflection(deal, lostAt), settings, lostAt);
    expect(debrief).toMatchObject({ kind: 'debrief', dueAt: at('2026-03-09T09:00:00Z') });
    expect(debrief!.reason).toContain('on Mar 2');
    expect(reengage).toMatchObject({ kind: 're-engage', dueAt: at('2026-12-02T15:00:00Z') });
  });

  it.each([
    ['no term', undefined],
    ['a term of 0', 0],
    ['a negative term', -3],
    ['a term of a billion months', 1e9],
    ['a fractional term', 6.5],
  ])('times the re-engage call from 12 months when the stored term is not one (%s), instead of failing', (_name, term) => {
    // A deal restored from a backup keeps whatever number it had; the reflection starts from it.
    const odd: Deal = { ...deal, contractTermMonths: term };
    const lostAt = at('2026-03-02T15:00:00Z');
    const followUps = followUpsForReflection(odd, emptyReflection(odd, lostAt), defaultSettings('UTC'), lostAt);
    expect(followUps.find((f) => f.kind === 're-engage')?.dueAt).toBe(at('2026-12-02T15:00:00Z'));
  });

  it.each([[-3], [1e9], [6.5]])('never words a stored term that is not one (%s) as the contract offered', (term) => {
    const odd: Deal = { ...deal, contractTermMonths: term };
    const lostAt = at('2026-03-02T15:00:00Z');
    const followUps = followUpsForReflection(odd, emptyReflection(odd, lostAt), defaultSettings('UTC'), lostAt);
    for (const f of followUps) {
      expect(f.reason).not.toContain(`${term}-month`);
      expect(f.reason).not.toContain('contract offered');
    }
  });

  it("words the term the call is timed from: the deal's, when the reflection's is not one", () => {
    const lostAt = at('2026-03-02T15:00:00Z');
    const followUps = followUpsForReflection({ ...deal, contractTermMonths: 24 }, { ...emptyReflection(deal, lostAt), contractTermMonths: 0 }, defaultSettings('UTC'), lostAt);
    for (const f of followUps) expect(f.reason).toContain('24-month contract offered');
  });

  it("uses the deal's term when the reflection's is not one", () => {
    const lostAt = at('2026-03-02T15:00:00Z');
    const followUps = followUpsForReflection({ ...deal, contractTermMonths: 24 }, { ...emptyReflection(deal, lostAt), contractTermMonths: 0 }, defaultSettings('UTC'), lostAt);
    expect(followUps.find((f) => f.kind === 're-engage')?.dueAt).toBe(at('2027-09-02T15:00:00Z'));
  });
});
