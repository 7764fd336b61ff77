import { InvoiceEvent } from '@app/event-contracts';
import { DeciderSpecification } from '@app/testing';
import { anInvoiceCreated } from '../../../test/billing.builders';
import { billedItemsOf, correctInvoice, decideInvoice } from './invoice.decider';
import { initialInvoiceState, evolveInvoice, invoiceStateFrom } from './invoice.state';

const given = DeciderSpecification.for({
  decide: decideInvoice,
  evolve: evolveInvoice,
  initialState: initialInvoiceState,
});

const invoice = anInvoiceCreated();
const identity = {
  invoiceId: invoice.invoiceId,
  invoiceNumber: invoice.invoiceNumber,
  contractId: invoice.contractId,
};
const created: InvoiceEvent = { type: 'InvoiceCreated', data: invoice };
const confirmed: InvoiceEvent = { type: 'InvoiceConfirmed', data: identity };
const cancelled: InvoiceEvent = { type: 'InvoiceCancelled', data: identity };

describe('the invoice aggregate', () => {
  describe('when the invoice does not exist', () => {
    it('refuses to confirm it', () => {
      given([]).when({ type: 'ConfirmInvoice' }).thenRejects('INVOICE_NOT_FOUND');
    });
    it('refuses to correct it', () =>
      expect(correctInvoice(null, [])).toMatchObject({
        ok: false,
        violation: { code: 'INVOICE_NOT_FOUND' },
      }));
  });

  describe('when the invoice is a draft', () => {
    it('confirms it', () => given([created]).when({ type: 'ConfirmInvoice' }).then(confirmed));
    it('cancels it', () => given([created]).when({ type: 'CancelInvoice' }).then(cancelled));
    it('refuses to correct it: only a confirmed invoice is corrected', () =>
      expect(correctInvoice(invoiceStateFrom([created]), [])).toMatchObject({
        ok: false,
        violation: { code: 'INVOICE_NOT_CONFIRMED' },
      }));
  });

  describe('when the invoice is confirmed', () => {
    it('refuses to confirm it again', () => {
      given([created, confirmed]).when({ type: 'ConfirmInvoice' }).thenRejects('INVOICE_NOT_DRAFT');
    });
    it('refuses to cancel it: posting is one-way', () => {
      given([created, confirmed]).when({ type: 'CancelInvoice' }).thenRejects('INVOICE_NOT_DRAFT');
    });

    it('corrects it with a corrective draft that credits it', () => {
      const decision = correctInvoice(invoiceStateFrom([created, confirmed]), []);
      expect(decision).toMatchObject({
        ok: true,
        proposal: {
          correctsInvoiceId: invoice.invoiceId,
          totalAmount: '-800.00',
          customerId: invoice.customerId,
        },
      });
    });

    const corrective = anInvoiceCreated({
      correctsInvoiceId: invoice.invoiceId,
      invoiceNumber: 'INV-000009',
    });
    const correctiveCreated: InvoiceEvent = { type: 'InvoiceCreated', data: corrective };

    it('refuses to correct it twice', () => {
      const decision = correctInvoice(invoiceStateFrom([created, confirmed]), [
        invoiceStateFrom([correctiveCreated]),
      ]);
      expect(decision).toMatchObject({ ok: false, violation: { code: 'INVOICE_ALREADY_CORRECTED' } });
      expect(decision.ok ? '' : decision.violation.message).toContain('INV-000009');
    });

    it('corrects it again once the earlier corrective draft was cancelled', () => {
      const correctiveCancelled: InvoiceEvent = {
        type: 'InvoiceCancelled',
        data: {
          invoiceId: corrective.invoiceId,
          invoiceNumber: 'INV-000009',
          contractId: corrective.contractId,
        },
      };
      const earlier = invoiceStateFrom([correctiveCreated, correctiveCancelled]);
      expect(correctInvoice(invoiceStateFrom([created, confirmed]), [earlier]).ok).toBe(true);
    });

    it('ignores correctives of other invoices', () => {
      const other = anInvoiceCreated({ correctsInvoiceId: 'another-invoice' });
      const states = [invoiceStateFrom([{ type: 'InvoiceCreated', data: other }])];
      expect(correctInvoice(invoiceStateFrom([created, confirmed]), states).ok).toBe(true);
    });
  });

  describe('when the invoice is cancelled', () => {
    it('refuses to confirm it', () => {
      given([created, cancelled]).when({ type: 'ConfirmInvoice' }).thenRejects('INVOICE_NOT_DRAFT');
    });
    it('refuses to cancel it again', () => {
      given([created, cancelled]).when({ type: 'CancelInvoice' }).thenRejects('INVOICE_NOT_DRAFT');
    });
    it('refuses to correct it', () =>
      expect(correctInvoice(invoiceStateFrom([created, cancelled]), [])).toMatchObject({
        ok: false,
        violation: { code: 'INVOICE_NOT_CONFIRMED' },
      }));
  });

  describe('when the invoice is itself a corrective', () => {
    const corrective = anInvoiceCreated({ correctsInvoiceId: invoice.invoiceId });
    const history: InvoiceEvent[] = [
      { type: 'InvoiceCreated', data: corrective },
      { type: 'InvoiceConfirmed', data: { ...identity, invoiceId: corrective.invoiceId } },
    ];

    it('refuses to correct it: a credit of a credit is billed anew instead', () =>
      expect(correctInvoice(invoiceStateFrom(history), [])).toMatchObject({
        ok: false,
        violation: { code: 'INVOICE_IS_CORRECTIVE' },
      }));

    it('releases nothing when cancelled: it billed nothing', () =>
      expect(billedItemsOf(corrective)).toEqual({ transactionIds: [], milestoneIds: [] }));
  });
});

describe('billedItemsOf', () => {
  it('lists the transactions and milestones an invoice bills, so a cancel can release them', () => {
    const withMilestone = anInvoiceCreated({
      lines: [
        ...invoice.lines,
        {
          lineNumber: 2,
          contractLineId: 'fp-line',
          billingMethod: 'FixedPrice',
          amount: '10.00',
          details: [
            {
              kind: 'Milestone',
              id: 'milestone-1',
              transactionClass: null,
              date: '2024-03-01',
              quantity: null,
              unitPrice: null,
              amount: '10.00',
            },
          ],
        },
      ],
    });
    expect(billedItemsOf(withMilestone)).toEqual({
      transactionIds: [invoice.lines[0].details[0].id],
      milestoneIds: ['milestone-1'],
    });
  });
});
