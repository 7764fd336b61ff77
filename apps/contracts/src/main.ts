import { bootstrapService } from '@app/platform';
import { ContractsModule } from './contracts.module';

void bootstrapService(ContractsModule, { service: 'contracts', title: 'Contracts API' });
