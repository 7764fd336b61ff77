import { ApiProperty } from '@nestjs/swagger';
import { HELD_REASONS, HeldReason } from '../held-contracts.store';

export class HeldContractRefusalDto {
  @ApiProperty({ description: 'The refused event’s stream version: the contract’s next one', example: 2 })
  readonly streamVersion!: number;

  @ApiProperty({ format: 'uuid' })
  readonly eventId!: string;

  @ApiProperty({ example: 'ContractLineAdded' })
  readonly eventType!: string;

  @ApiProperty({
    description: 'Why it was refused: the error-code of its record on invoicing.dlq',
    example: 'DUPLICATE_CONTRACT_LINE',
  })
  readonly code!: string;

  @ApiProperty({ example: 'contract line 5f0c… belongs to contract 9a1e…' })
  readonly message!: string;
}

export class HeldContractDto {
  @ApiProperty()
  readonly contractId!: string;

  @ApiProperty({
    enum: HELD_REASONS,
    description:
      'Gap: a version has not arrived while later ones have (they are held); Refused: the next version ' +
      'was refused and dead-lettered. Either way the contract is not projected, nor billed, past it.',
  })
  readonly reason!: HeldReason;

  @ApiProperty({ description: 'The version the projection holds the contract at (0: none)', example: 1 })
  readonly projectedVersion!: number;

  @ApiProperty({
    description: 'Events of the contract waiting behind the missing or refused one',
    example: 2,
  })
  readonly heldEvents!: number;

  @ApiProperty({
    description: 'The lowest stream version among them; null when none waits yet',
    nullable: true,
    type: Number,
    example: 3,
  })
  readonly firstHeldVersion!: number | null;

  @ApiProperty({ format: 'date-time', description: 'When its first event was held or refused' })
  readonly heldSince!: string;

  @ApiProperty({
    type: HeldContractRefusalDto,
    nullable: true,
    description: 'Set when the reason is Refused',
  })
  readonly refusal!: HeldContractRefusalDto | null;
}

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

  @ApiProperty({
    type: [HeldContractDto],
    description:
      'The contracts the projection holds, longest held first; at most 100 (see heldContractsTotal)',
  })
  readonly heldContracts!: readonly HeldContractDto[];

  @ApiProperty({ description: 'How many contracts the projection holds in all', example: 0 })
  readonly heldContractsTotal!: number;
}
