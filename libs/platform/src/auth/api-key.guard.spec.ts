import { Controller, Get, Post, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { loadConfig } from '../config/platform-config';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { ApiKeyGuard } from './api-key.guard';
import { Public } from './public.decorator';

@Controller('contracts')
class ContractsTestController {
  @Get()
  list(): void {}

  @Post()
  create(): void {}

  @Public()
  @Post('open')
  open(): void {}
}

interface Call {
  method: string;
  authorization?: string;
  controller?: object;
  handler?: (...args: never[]) => unknown;
}

function guardWith(env: Record<string, string>): ApiKeyGuard {
  return new ApiKeyGuard(loadConfig('contracts', env), new Reflector());
}

function contextFor({ method, authorization, controller, handler }: Call) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const response = {
    headers: {} as Record<string, string>,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
  };
  const cls = (controller ?? ContractsTestController) as new () => unknown;
  const fn =
    handler ??
    (method === 'GET' ? ContractsTestController.prototype.list : ContractsTestController.prototype.create);
  const context = new ExecutionContextHost([{ method, headers }, response, () => undefined], cls, fn);
  context.setType('http');
  return { context, response };
}

function refusal(guard: ApiKeyGuard, call: Call): UnauthorizedException {
  try {
    guard.canActivate(contextFor(call).context);
  } catch (error) {
    if (error instanceof UnauthorizedException) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('ApiKeyGuard', () => {
  describe('with keys configured', () => {
    const sut = guardWith({ API_KEYS: 'first-key,second-key' });

    it('refuses a write without a key, saying how to send one', () => {
      const error = refusal(sut, { method: 'POST' });
      expect(error.getStatus()).toBe(401);
      expect(error.getResponse()).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(/Bearer/),
      });
    });

    it('asks for a bearer token in WWW-Authenticate', () => {
      const { context, response } = contextFor({ method: 'POST' });
      expect(() => sut.canActivate(context)).toThrow(UnauthorizedException);
      expect(response.headers['WWW-Authenticate']).toBe('Bearer');
    });

    it('refuses a write with a wrong key, without repeating the key', () => {
      const error = refusal(sut, { method: 'POST', authorization: 'Bearer first-ke' });
      expect(JSON.stringify(error.getResponse())).not.toContain('first-ke');
      expect(error.message).toMatch(/not valid/);
    });

    it('refuses a key sent in another scheme', () => {
      refusal(sut, { method: 'PUT', authorization: 'Basic first-key' });
    });

    it.each(['first-key', 'second-key'])('accepts a write with the configured key %s', (key) => {
      expect(sut.canActivate(contextFor({ method: 'POST', authorization: `Bearer ${key}` }).context)).toBe(
        true,
      );
    });

    it('reads the scheme case-insensitively', () => {
      expect(
        sut.canActivate(contextFor({ method: 'DELETE', authorization: 'bearer first-key' }).context),
      ).toBe(true);
    });

    it('leaves reads open', () => {
      expect(sut.canActivate(contextFor({ method: 'GET' }).context)).toBe(true);
    });

    it('lets a @Public() handler through', () => {
      const call = { method: 'POST', handler: ContractsTestController.prototype.open };
      expect(sut.canActivate(contextFor(call).context)).toBe(true);
    });

    it('keeps health and metrics open', () => {
      const health = {
        method: 'GET',
        controller: HealthController,
        handler: HealthController.prototype.ready,
      };
      const metrics = {
        method: 'GET',
        controller: MetricsController,
        handler: MetricsController.prototype.scrape,
      };
      const keyedReads = guardWith({ API_KEYS: 'k', API_KEYS_FOR_READS: 'true' });
      expect(keyedReads.canActivate(contextFor(health).context)).toBe(true);
      expect(keyedReads.canActivate(contextFor(metrics).context)).toBe(true);
    });
  });

  describe('with keys required for reads', () => {
    const sut = guardWith({ API_KEYS: 'read-key', API_KEYS_FOR_READS: 'true' });

    it('refuses a read without a key', () => {
      expect(refusal(sut, { method: 'GET' }).getStatus()).toBe(401);
    });

    it('accepts a read with a key', () => {
      expect(sut.canActivate(contextFor({ method: 'GET', authorization: 'Bearer read-key' }).context)).toBe(
        true,
      );
    });
  });

  describe('without keys configured', () => {
    it('leaves writes open (development only; production refuses to start)', () => {
      expect(guardWith({}).canActivate(contextFor({ method: 'POST' }).context)).toBe(true);
    });
  });
});
