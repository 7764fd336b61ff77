import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import {
  openMigratedDataSource,
  ServiceDatabaseOptions,
  serviceDataSourceOptions,
} from './service-data-source';

/**
 * The service's TypeORM `DataSource` (injectable as `DataSource`), migrated before anything else
 * starts. Feature modules may still use `TypeOrmModule.forFeature([...])`: their entities are added.
 */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => ({
            ...serviceDataSourceOptions(config.database, config.service, options),
            autoLoadEntities: true,
            // A database that stays away at start is an outage, not a race: give up after ~10 s.
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          dataSourceFactory: (dataSourceOptions?: DataSourceOptions) =>
            openMigratedDataSource(dataSourceOptions as PostgresDataSourceOptions),
        }),
      ],
    };
  }
}
