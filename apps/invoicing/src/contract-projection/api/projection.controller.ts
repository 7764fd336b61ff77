import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContractProjectionService } from '../contract-projection.service';
import { ProjectionStatusResponseDto } from './projection-status.response.dto';

@ApiTags('projection')
@Controller('projection')
export class ProjectionController {
  constructor(private readonly projection: ContractProjectionService) {}

  @Get()
  @ApiOperation({
    summary: 'The contract projection: rebuild generation, consumer group, held events and held contracts',
    description:
      'Lists the contracts the projection holds at a version (a missing version, or a refused event, ' +
      'with the reason), longest held first, at most 100, with their total.',
  })
  @ApiOkResponse({ type: ProjectionStatusResponseDto })
  status(): Promise<ProjectionStatusResponseDto> {
    return this.projection.status();
  }

  @Post('rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Rebuild the projection from the beginning of contracts.events',
    description:
      'Empties the projected contracts, lines, schedule entries, milestones and transactions and replays ' +
      'contracts.events with a new consumer group; invoices, batch jobs and process runs stay. Billed marks ' +
      'come back from the invoices and run statuses from the entries, so nothing is billed twice. The replay ' +
      'continues in the background.',
  })
  @ApiAcceptedResponse({ type: ProjectionStatusResponseDto })
  @ApiResponse({ status: 409, description: 'a process run is running' })
  rebuild(): Promise<ProjectionStatusResponseDto> {
    return this.projection.rebuild();
  }
}
