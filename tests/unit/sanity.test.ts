import { defaultSettings } from '../../lib/model';
it('defaults follow the response-time targets of docs/method.md', () => {
  expect(defaultSettings('UTC').newLeadTargetMinutes).toBe(60);
});
