import { businessDate } from './business-date';
import { ManualClock } from './clock';

describe('businessDate', () => {
  it('is the UTC calendar date in UTC', () => {
    expect(businessDate(new Date('2025-03-31T23:59:59.999Z'), 'UTC')).toBe('2025-03-31');
  });

  it('moves to the next day east of UTC once local midnight has passed', () => {
    expect(businessDate(new Date('2025-03-31T22:30:00Z'), 'Europe/Amsterdam')).toBe('2025-04-01');
  });

  it('stays on the previous day west of UTC before local midnight', () => {
    expect(businessDate(new Date('2025-01-01T04:00:00Z'), 'America/New_York')).toBe('2024-12-31');
  });

  it('follows daylight saving time: midnight in Amsterdam is 22:00 UTC in summer and 23:00 in winter', () => {
    expect(businessDate(new Date('2025-07-14T22:00:00Z'), 'Europe/Amsterdam')).toBe('2025-07-15');
    expect(businessDate(new Date('2025-01-14T22:00:00Z'), 'Europe/Amsterdam')).toBe('2025-01-14');
  });

  it('handles zones a whole day apart', () => {
    const instant = new Date('2025-06-01T10:30:00Z');
    expect(businessDate(instant, 'Pacific/Kiritimati')).toBe('2025-06-02');
    expect(businessDate(instant, 'Pacific/Pago_Pago')).toBe('2025-05-31');
  });

  it('handles half-hour offsets', () => {
    expect(businessDate(new Date('2025-02-28T18:29:59Z'), 'Asia/Kolkata')).toBe('2025-02-28');
    expect(businessDate(new Date('2025-02-28T18:30:00Z'), 'Asia/Kolkata')).toBe('2025-03-01');
  });

  it('knows leap days', () => {
    expect(businessDate(new Date('2024-02-29T12:00:00Z'), 'Asia/Tokyo')).toBe('2024-02-29');
  });

  it('refuses an unknown zone', () => {
    expect(() => businessDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('ManualClock', () => {
  it('moves only when told to', () => {
    const sut = new ManualClock('2025-05-01T08:00:00Z');
    expect(sut.now().toISOString()).toBe('2025-05-01T08:00:00.000Z');
    sut.advance(90_000);
    expect(sut.now().toISOString()).toBe('2025-05-01T08:01:30.000Z');
    sut.set('2026-01-01T00:00:00Z');
    expect(sut.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('hands out copies, so callers cannot move it', () => {
    const sut = new ManualClock('2025-05-01T08:00:00Z');
    sut.now().setUTCFullYear(1999);
    expect(sut.now().getUTCFullYear()).toBe(2025);
  });
});
