import { ApiProperty } from '@nestjs/swagger';

export class RoleUtilizationDto {
  @ApiProperty({ example: 'Developer', description: "'Unassigned' collects Time without a role" })
  resourceRole!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ example: '7.50', description: 'billable Time hours, exact decimal' }) billableHours!: string;
  @ApiProperty({ example: '8.00' }) capacityHours!: string;
  @ApiProperty({ example: '93.75', description: 'billable / capacity × 100, half-up to 2 decimals' })
  utilizationPercent!: string;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}

export class RoleUtilizationPageDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [RoleUtilizationDto] }) items!: RoleUtilizationDto[];
}
