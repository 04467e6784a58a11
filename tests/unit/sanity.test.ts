import { defaultSettings } from '../../lib/model';
it('defaults follow reference/response-time.md', () => {
  expect(defaultSettings('UTC').newLeadTargetMinutes).toBe(60);
});
