import { isValidTimeZone } from './run-date';

describe('isValidTimeZone', () => {
  it('knows real zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
