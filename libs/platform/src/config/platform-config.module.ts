import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { CONFIG_VARIABLES, ServiceName } from './config-variables';
import { Environment } from './environment';
import { PLATFORM_CONFIG, PlatformConfig, toPlatformConfig } from './platform-config';
import { validateEnvironment } from './validate-environment';

/**
 * Reads back what `validateEnvironment` produced and validates it again: an empty string counts as
 * unset there, so a variable whose default is empty (KAFKA_TOPIC_PREFIX) gets its default, never undefined.
 */
function readEnvironment(configService: ConfigService): Environment {
  const entries = CONFIG_VARIABLES.map(({ name }) => [name, configService.get<unknown>(name)]);
  return validateEnvironment(Object.fromEntries(entries));
}

/**
 * Global configuration of one service: @nestjs/config validates the environment with
 * {@link validateEnvironment} and `PLATFORM_CONFIG` hands every provider the typed view.
 */
@Module({})
export class PlatformConfigModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: PlatformConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: validateEnvironment,
        }),
      ],
      providers: [
        {
          provide: PLATFORM_CONFIG,
          inject: [ConfigService],
          useFactory: (configService: ConfigService): PlatformConfig =>
            toPlatformConfig(service, readEnvironment(configService)),
        },
      ],
      exports: [PLATFORM_CONFIG],
    };
  }
}
