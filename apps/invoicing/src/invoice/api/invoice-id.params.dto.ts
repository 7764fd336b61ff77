import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class InvoiceIdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}
