import {
  aBillingInput,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
  billingSplit,
} from '../../../test/billing.builders';
import { ContractBillingInput } from './billing-input';
import { InvalidBillingInputCode, InvalidBillingInputError } from './billing-input.validation';
import { proposeInvoices as sut } from './propose-invoices';

function refusal(input: ContractBillingInput, runDate = '2024-03-05'): InvalidBillingInputCode | 'accepted' {
  try {
    sut(input, runDate);
    return 'accepted';
  } catch (error) {
    if (error instanceof InvalidBillingInputError) return error.code;
    throw error;
  }
}

describe('proposeInvoices, refusing input it cannot invoice (so the run parks the contract)', () => {
  it('accepts an ordinary contract', () => expect(refusal(aBillingInput())).toBe('accepted'));

  it('refuses a run date that is not YYYY-MM-DD', () =>
    expect(refusal(aBillingInput(), '5/3/2024')).toBe('INVALID_RUN_DATE'));

  it('refuses a currency that is not ISO 4217', () =>
    expect(refusal(aBillingInput({ currency: 'XYZ' }))).toBe('CURRENCY_NOT_ISO_4217'));

  it('refuses a contract without customers', () =>
    expect(refusal(aBillingInput({ customers: [] }))).toBe('NO_CUSTOMERS'));

  it('refuses the same customer twice', () => {
    const [customer] = billingSplit('50');
    expect(refusal(aBillingInput({ customers: [customer, customer] }))).toBe('DUPLICATE_CUSTOMER');
  });

  it('refuses a negative or malformed split', () => {
    expect(refusal(aBillingInput({ customers: billingSplit('-10', '110') }))).toBe('INVALID_BILLING_SPLIT');
    expect(refusal(aBillingInput({ customers: billingSplit('half', '50') }))).toBe('INVALID_BILLING_SPLIT');
  });

  it('refuses splits that do not sum to exactly 100', () => {
    expect(refusal(aBillingInput({ customers: billingSplit('33.33', '33.33', '33.33') }))).toBe(
      'BILLING_SPLITS_MUST_SUM_TO_100',
    );
    expect(refusal(aBillingInput({ customers: billingSplit('33.333', '33.333', '33.334') }))).toBe(
      'accepted',
    );
  });

  it('refuses the same contract line twice', () => {
    const line = aTimeAndMaterialLine();
    expect(refusal(aBillingInput({ lines: [line, line] }))).toBe('DUPLICATE_CONTRACT_LINE');
  });

  it('refuses an amount that is not a decimal string', () => {
    const line = aTimeAndMaterialLine({ unbilledTransactions: [anUnbilledTransaction({ amount: '1e3' })] });
    expect(refusal(aBillingInput({ lines: [line] }))).toBe('INVALID_DECIMAL');
    expect(refusal(aBillingInput({ lines: [aTimeAndMaterialLine({ notToExceed: '' })] }))).toBe(
      'INVALID_DECIMAL',
    );
  });
});
