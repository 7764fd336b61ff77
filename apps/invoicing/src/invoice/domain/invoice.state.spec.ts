import { InvoiceEvent, invoiceRecords, invoiceFromCreated } from '@app/event-contracts';
import { anInvoiceCreated } from '../../../test/billing.builders';
import { invoiceStateFrom } from './invoice.state';

describe('an invoice stream', () => {
  describe('when the invoice came in parts', () => {
    const base = anInvoiceCreated();
    const line = base.lines[0];
    const details = Array.from({ length: 200 }, (_, i) => ({ ...line.details[0], id: `transaction-${i}` }));
    const whole = invoiceFromCreated({ ...base, lines: [{ ...line, details }] });
    const records = invoiceRecords(whole, 4_000);

    it('holds the whole invoice once its parts are folded in', () => {
      const sut = invoiceStateFrom(
        records.map((record) => ({ type: record.type, data: record.data })) as never,
      );

      expect(records.length).toBeGreaterThan(3);
      expect(sut).toEqual({ status: 'Draft', invoice: whole });
    });

    it('keeps its status through later events', () => {
      const identity = {
        invoiceId: whole.invoiceId,
        invoiceNumber: whole.invoiceNumber,
        contractId: whole.contractId,
      };
      const events: InvoiceEvent[] = [...records, { type: 'InvoiceConfirmed', data: identity }];

      expect(invoiceStateFrom(events)).toEqual({ status: 'Confirmed', invoice: whole });
    });
  });
});
