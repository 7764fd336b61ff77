import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoleUtilizationQueries, StoredRoleUtilization } from './role-utilization.queries';
import { RoleUtilizationQueryDto } from './role-utilization.query.dto';
import { RoleUtilizationPageDto } from './role-utilization.response.dto';

@ApiTags('role-utilization')
@Controller('role-utilization')
export class RoleUtilizationController {
  constructor(private readonly queries: RoleUtilizationQueries) {}

  @Get()
  @ApiOperation({
    summary: 'Billable Time hours and utilization per resource role and day',
    description: 'As last computed by an UpdateRoleUtilization job (the seven days before each of its runs).',
  })
  @ApiOkResponse({ type: RoleUtilizationPageDto })
  @ApiBadRequestResponse({ description: 'from/to missing, not dates, reversed, or more than 366 days apart' })
  async list(
    @Query() query: RoleUtilizationQueryDto,
  ): Promise<{ from: string; to: string; items: StoredRoleUtilization[] }> {
    return { from: query.from, to: query.to, items: await this.queries.between(query.from, query.to) };
  }
}
