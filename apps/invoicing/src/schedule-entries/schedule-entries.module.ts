import { Module } from '@nestjs/common';
import { ScheduleEntriesController } from './schedule-entries.controller';
import { ScheduleEntryQueries } from './schedule-entries.queries';

/** `GET /schedule-entries`: what each time-and-material schedule entry's process runs made of it. */
@Module({
  controllers: [ScheduleEntriesController],
  providers: [ScheduleEntryQueries],
})
export class ScheduleEntriesModule {}
