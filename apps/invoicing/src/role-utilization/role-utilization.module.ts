import { Module } from '@nestjs/common';
import { RoleUtilizationController } from './role-utilization.controller';
import { RoleUtilizationQueries } from './role-utilization.queries';
import { RoleUtilizationUpdater } from './role-utilization.updater';

/** `GET /role-utilization`, and the updater the `UpdateRoleUtilization` workflow runs. */
@Module({
  controllers: [RoleUtilizationController],
  providers: [RoleUtilizationQueries, RoleUtilizationUpdater],
  exports: [RoleUtilizationUpdater],
})
export class RoleUtilizationModule {}
