import { INVOICE_RULE_VIOLATIONS } from './domain';
import { INVOICE_ERROR_STATUSES } from './invoice-error-statuses';

describe('INVOICE_ERROR_STATUSES', () => {
  it('maps every refusal of the invoice aggregate, so none falls through to 422', () => {
    expect(Object.keys(INVOICE_ERROR_STATUSES)).toEqual(
      expect.arrayContaining(Object.keys(INVOICE_RULE_VIOLATIONS)),
    );
  });

  it('answers 404 for an unknown invoice and 409 for a state that does not allow the command', () => {
    expect(INVOICE_ERROR_STATUSES).toEqual({
      INVOICE_NOT_FOUND: 404,
      INVOICE_NOT_DRAFT: 409,
      INVOICE_NOT_CONFIRMED: 409,
      INVOICE_ALREADY_CORRECTED: 409,
      INVOICE_IS_CORRECTIVE: 409,
      INVOICE_CHANGED_CONCURRENTLY: 409,
    });
  });
});
