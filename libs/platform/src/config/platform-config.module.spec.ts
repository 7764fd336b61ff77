import { Test } from '@nestjs/testing';
import { PLATFORM_CONFIG, PlatformConfig } from './platform-config';
import { PlatformConfigModule } from './platform-config.module';

describe('PlatformConfigModule', () => {
  describe('when KAFKA_TOPIC_PREFIX is unset', () => {
    const saved = process.env.KAFKA_TOPIC_PREFIX;
    beforeAll(() => delete process.env.KAFKA_TOPIC_PREFIX);
    afterAll(() => {
      if (saved !== undefined) process.env.KAFKA_TOPIC_PREFIX = saved;
    });

    it('uses the empty prefix, so topics and consumer groups carry no "undefined"', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [PlatformConfigModule.forService('contracts')],
      }).compile();
      const sut = moduleRef.get<PlatformConfig>(PLATFORM_CONFIG);
      expect(sut.kafka.topicPrefix).toBe('');
      expect(`${sut.kafka.topicPrefix}contracts.invoice-view`).toBe('contracts.invoice-view');
      expect(sut.kafka.topics.contractEvents).toBe('contracts.events');
      await moduleRef.close();
    });
  });
});
