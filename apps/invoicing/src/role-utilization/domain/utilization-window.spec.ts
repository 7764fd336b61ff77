import { previousSevenDays as sut } from './utilization-window';

describe('previousSevenDays', () => {
  it('is the seven whole days before the run date', () => {
    expect(sut('2024-03-08')).toEqual({ from: '2024-03-01', to: '2024-03-07' });
  });

  it('crosses month and leap-day boundaries', () => {
    expect(sut('2024-03-03')).toEqual({ from: '2024-02-25', to: '2024-03-02' });
    expect(sut('2025-01-01')).toEqual({ from: '2024-12-25', to: '2024-12-31' });
  });
});
