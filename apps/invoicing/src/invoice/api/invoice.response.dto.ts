import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSACTION_CLASSES } from '@app/event-contracts';
import { INVOICE_STATUSES } from './list-invoices.query.dto';

const AMOUNT = { example: '1250.00', description: 'exact decimal in the currency minor units' };

export class InvoiceLineDetailDto {
  @ApiProperty({ enum: ['Transaction', 'Milestone'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TRANSACTION_CLASSES, nullable: true }) transactionClass!: string | null;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ nullable: true, example: '8' }) quantity!: string | null;
  @ApiProperty({ nullable: true, example: '100.00' }) unitPrice!: string | null;
  @ApiProperty(AMOUNT) amount!: string;
}

export class InvoiceLineDto {
  @ApiProperty() lineNumber!: number;
  @ApiProperty() contractLineId!: string;
  @ApiProperty({ enum: ['TimeAndMaterial', 'FixedPrice'] }) billingMethod!: string;
  @ApiProperty(AMOUNT) amount!: string;
  @ApiProperty({ type: [InvoiceLineDetailDto] }) details!: InvoiceLineDetailDto[];
}

export class InvoiceSummaryDto {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'INV-000001' }) invoiceNumber!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '100' }) billingSplitPercent!: string;
  @ApiProperty({ format: 'date' }) invoiceRunDate!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) processRunId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'set on a corrective invoice' })
  correctsInvoiceId!: string | null;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
  @ApiProperty(AMOUNT) totalAmount!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ description: 'in lists only' }) lineCount?: number;
}

export class InvoiceDto extends InvoiceSummaryDto {
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
}

export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceSummaryDto] }) items!: InvoiceSummaryDto[];
  @ApiProperty({ nullable: true, description: 'cursor of the next page; null on the last one' })
  nextCursor!: string | null;
}
