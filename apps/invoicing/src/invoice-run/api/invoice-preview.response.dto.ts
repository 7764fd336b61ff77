import { ApiProperty } from '@nestjs/swagger';
import { InvoiceLine } from '@app/event-contracts';
import { InvoicePreview } from '../invoice-preview.service';
import { encodePreviewCursor } from '../preview-page-cursor';

export class PreviewLineDetailDto {
  @ApiProperty({ enum: ['Transaction', 'Milestone'] })
  kind!: 'Transaction' | 'Milestone';

  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  transactionClass!: string | null;

  @ApiProperty({ example: '2025-03-14' })
  date!: string;

  @ApiProperty({ type: String, nullable: true })
  quantity!: string | null;

  @ApiProperty({ type: String, nullable: true })
  unitPrice!: string | null;

  @ApiProperty({ example: '800.00' })
  amount!: string;
}

export class PreviewInvoiceLineDto {
  @ApiProperty()
  lineNumber!: number;

  @ApiProperty()
  contractLineId!: string;

  @ApiProperty({ enum: ['TimeAndMaterial', 'FixedPrice'] })
  billingMethod!: string;

  @ApiProperty({ example: '800.00' })
  amount!: string;

  @ApiProperty({ type: [PreviewLineDetailDto] })
  details!: PreviewLineDetailDto[];
}

export class PreviewInvoiceDto {
  @ApiProperty()
  contractId!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: '100' })
  billingSplitPercent!: string;

  @ApiProperty({ example: '2025-03-31' })
  invoiceRunDate!: string;

  @ApiProperty({ example: '1250.00' })
  totalAmount!: string;

  @ApiProperty({ type: [PreviewInvoiceLineDto] })
  lines!: InvoiceLine[];
}

export class PreviewCountsDto {
  @ApiProperty() contractLinesConsidered!: number;
  @ApiProperty() invoicesProposed!: number;
  @ApiProperty() skippedNoTransactions!: number;
  @ApiProperty() skippedNoSchedule!: number;
  @ApiProperty() heldBackByNotToExceed!: number;
  @ApiProperty() contractsParked!: number;
  @ApiProperty() transactionsBilled!: number;
  @ApiProperty() milestonesBilled!: number;
}

export class PreviewParkedContractDto {
  @ApiProperty() contractId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class PreviewHeldBackDto {
  @ApiProperty() contractId!: string;
  @ApiProperty() contractLineId!: string;
  @ApiProperty() transactionId!: string;
  @ApiProperty() transactionDate!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ enum: ['NotToExceed'] }) reason!: string;
  @ApiProperty() notToExceed!: string;
}

/**
 * A page of what a run on `runDate` would create: invoices without ids or numbers, with the counts of
 * the page (summed over all pages, what the run would report).
 */
export class InvoicePreviewResponseDto {
  @ApiProperty({ example: '2025-03-31' })
  runDate!: string;

  @ApiProperty({
    type: PreviewCountsDto,
    description: "this page's counts; summed over all pages, the counts a run would report",
  })
  counts!: PreviewCountsDto;

  @ApiProperty({ type: [PreviewInvoiceDto] })
  invoices!: PreviewInvoiceDto[];

  @ApiProperty({ type: [PreviewParkedContractDto] })
  parked!: PreviewParkedContractDto[];

  @ApiProperty({ type: [PreviewHeldBackDto] })
  heldBack!: PreviewHeldBackDto[];

  @ApiProperty({ type: String, nullable: true, description: 'cursor of the next page; null on the last one' })
  nextCursor!: string | null;

  static from(preview: InvoicePreview): InvoicePreviewResponseDto {
    const { counts } = preview;
    return {
      runDate: preview.runDate,
      counts: {
        contractLinesConsidered: counts.contractLinesConsidered,
        invoicesProposed: counts.invoicesProposed,
        skippedNoTransactions: counts.skippedNoTransactions,
        skippedNoSchedule: counts.skippedNoSchedule,
        heldBackByNotToExceed: counts.heldBackByNotToExceed,
        contractsParked: counts.contractsParked,
        transactionsBilled: counts.transactionsBilled,
        milestonesBilled: counts.milestonesBilled,
      },
      invoices: preview.invoices.map((invoice) => ({
        contractId: invoice.contractId,
        customerId: invoice.customerId,
        currency: invoice.currency,
        billingSplitPercent: invoice.billingSplitPercent,
        invoiceRunDate: invoice.invoiceRunDate,
        totalAmount: invoice.totalAmount,
        lines: [...invoice.lines],
      })),
      parked: preview.parked.map(({ contractId, code, reason }) => ({ contractId, code, reason })),
      heldBack: preview.heldBack.map((held) => ({ ...held })),
      nextCursor: preview.nextAfter === null ? null : encodePreviewCursor(preview.nextAfter),
    };
  }
}
