import { Global, Module } from '@nestjs/common';
import { CLOCK, SystemClock } from './clock';

/** Provides `CLOCK` (the system clock); tests swap it with `overrideProvider(CLOCK).useValue(new ManualClock())`. */
@Global()
@Module({
  providers: [{ provide: CLOCK, useClass: SystemClock }],
  exports: [CLOCK],
})
export class ClockModule {}
