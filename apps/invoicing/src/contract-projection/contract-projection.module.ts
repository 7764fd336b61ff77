import { Module } from '@nestjs/common';
import { ProjectionController } from './api/projection.controller';
import { ContractProjectionPrometheus } from './contract-projection.metrics';
import { ContractProjectionService } from './contract-projection.service';
import { ProjectionCatchUp } from './projection-catch-up';
import { ProjectionLagGauge } from './projection-lag.gauge';

/**
 * Projects `contracts.events` into the invoicing read model; {@link ProjectionCatchUp} tells a run
 * when its input is complete. The invoice run reads the model through its own billing-input reader.
 */
@Module({
  controllers: [ProjectionController],
  providers: [ContractProjectionPrometheus, ContractProjectionService, ProjectionCatchUp, ProjectionLagGauge],
  exports: [ProjectionCatchUp],
})
export class ContractProjectionModule {}
