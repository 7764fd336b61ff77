import { aUtilizationTransaction } from '../../../test/utilization.builders';
import { UNASSIGNED_ROLE, computeRoleUtilization as sut } from './role-utilization';

const rowsOf = (rows: ReturnType<typeof sut>) =>
  rows.map((r) => [r.resourceRole, r.date, r.billableHours, r.capacityHours, r.utilizationPercent]);

describe('computeRoleUtilization', () => {
  it('sums Time hours per role and day against the daily capacity', () => {
    const transactions = [
      aUtilizationTransaction({ resourceRole: 'Developer', quantity: '6' }),
      aUtilizationTransaction({ resourceRole: 'Developer', quantity: '1.5' }),
      aUtilizationTransaction({ resourceRole: 'Architect', quantity: '4' }),
    ];
    expect(rowsOf(sut(transactions, '2024-03-04', '2024-03-04', '8'))).toEqual([
      ['Architect', '2024-03-04', '4.00', '8.00', '50.00'],
      ['Developer', '2024-03-04', '7.50', '8.00', '93.75'],
    ]);
  });

  it('ignores classes other than Time', () => {
    const transactions = [
      aUtilizationTransaction({ transactionClass: 'Expense', quantity: '100' }),
      aUtilizationTransaction({ transactionClass: 'Time', quantity: '2' }),
    ];
    expect(sut(transactions, '2024-03-04', '2024-03-04', '8')[0].billableHours).toBe('2.00');
  });

  it('counts hours without a role under Unassigned, so none go missing', () => {
    const rows = sut([aUtilizationTransaction({ resourceRole: null })], '2024-03-04', '2024-03-04', '8');
    expect(rows.map((r) => r.resourceRole)).toEqual([UNASSIGNED_ROLE]);
  });

  it('gives a role a row for every day of the range, idle days at zero', () => {
    const rows = sut(
      [aUtilizationTransaction({ transactionDate: '2024-03-05' })],
      '2024-03-04',
      '2024-03-06',
      '8',
    );
    expect(rows.map((r) => [r.date, r.utilizationPercent])).toEqual([
      ['2024-03-04', '0.00'],
      ['2024-03-05', '100.00'],
      ['2024-03-06', '0.00'],
    ]);
  });

  it('leaves out transactions outside the range, both ends included', () => {
    const transactions = ['2024-03-03', '2024-03-04', '2024-03-06', '2024-03-07'].map((transactionDate) =>
      aUtilizationTransaction({ transactionDate, quantity: '1' }),
    );
    const rows = sut(transactions, '2024-03-04', '2024-03-06', '8');
    expect(rows.map((r) => r.billableHours)).toEqual(['1.00', '0.00', '1.00']);
  });

  it('is exact: decimal hours, half-up percentages, overtime above 100 %', () => {
    const transactions = [
      aUtilizationTransaction({ quantity: '0.1' }),
      aUtilizationTransaction({ quantity: '0.2' }),
      aUtilizationTransaction({ quantity: '0.125' }),
    ];
    expect(rowsOf(sut(transactions, '2024-03-04', '2024-03-04', '7.5'))[0]).toEqual([
      'Developer',
      '2024-03-04',
      '0.425',
      '7.50',
      '5.67',
    ]);
    const overtime = sut([aUtilizationTransaction({ quantity: '10' })], '2024-03-04', '2024-03-04', '8');
    expect(overtime[0].utilizationPercent).toBe('125.00');
  });

  it('rounds a third half-up to two decimals', () => {
    const rows = sut([aUtilizationTransaction({ quantity: '1' })], '2024-03-04', '2024-03-04', '3');
    expect(rows[0].utilizationPercent).toBe('33.33');
    const twoThirds = sut([aUtilizationTransaction({ quantity: '2' })], '2024-03-04', '2024-03-04', '3');
    expect(twoThirds[0].utilizationPercent).toBe('66.67');
  });

  it('returns nothing when no role booked Time in the range', () => {
    expect(sut([], '2024-03-04', '2024-03-10', '8')).toEqual([]);
  });

  it('refuses a capacity that is not a positive decimal, and an unusable range', () => {
    expect(() => sut([], '2024-03-04', '2024-03-04', '0')).toThrow(RangeError);
    expect(() => sut([], '2024-03-04', '2024-03-04', 'eight')).toThrow(RangeError);
    expect(() => sut([], '2024-02-30', '2024-03-04', '8')).toThrow(RangeError);
    expect(() => sut([], '2023-01-01', '2024-03-04', '8')).toThrow(RangeError);
  });
});
