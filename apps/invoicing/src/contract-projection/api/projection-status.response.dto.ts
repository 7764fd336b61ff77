import { ApiProperty } from '@nestjs/swagger';

export class ProjectionStatusResponseDto {
  @ApiProperty({
    description: 'Rebuild generation; each reads contracts.events from the beginning',
    example: 1,
  })
  readonly generation!: number;

  @ApiProperty({
    description: "This replica's consumer group, null while it is not consuming",
    nullable: true,
    type: String,
    example: 'invoicing.contract-projection.generation-1',
  })
  readonly consumerGroup!: string | null;

  @ApiProperty({ description: 'Events waiting behind a gap in their contract stream', example: 0 })
  readonly heldEvents!: number;
}
