import { bootstrapService } from '@app/platform';
import { InvoicingModule } from './invoicing.module';

void bootstrapService(InvoicingModule, { service: 'invoicing', title: 'Invoicing API' });
