import { createUpcasterRegistry, upcasterRegistry, UNSUPPORTED_SCHEMA_VERSION, Upcaster } from './upcasters';

/* A made-up event: v1 `GreetingSent {text}` became v2 `{message, language}` (language defaulted). */
const greetingV1ToV2: Upcaster = {
  eventType: 'GreetingSent',
  fromVersion: 1,
  upcast: ({ text, ...rest }) => ({ ...rest, message: text, language: 'en' }),
};

function aGreeting(schemaVersion: number, data: Record<string, unknown>) {
  return { eventId: 'e-1', eventType: 'GreetingSent', schemaVersion, streamId: 's-1', data };
}

describe('upcaster registry', () => {
  describe('given GreetingSent at version 2 with an upcaster from 1', () => {
    const sut = createUpcasterRegistry({ GreetingSent: 2 }, [greetingV1ToV2]);

    it('raises a v1 envelope to the v2 shape and version, keeping the rest of the envelope', () => {
      const result = sut.upcast(aGreeting(1, { text: 'hello', to: 'Ada' }));
      expect(result).toEqual({
        ok: true,
        envelope: aGreeting(2, { to: 'Ada', message: 'hello', language: 'en' }),
      });
    });

    it('passes a current envelope through untouched, the same object', () => {
      const current = aGreeting(2, { message: 'hi', language: 'de' });
      const result = sut.upcast(current);
      expect(result.ok && result.envelope).toBe(current);
    });

    it('refuses a version newer than the current one, naming schemaVersion', () => {
      expect(sut.upcast(aGreeting(3, { message: 'hi' }))).toEqual({
        ok: false,
        refusal: {
          code: UNSUPPORTED_SCHEMA_VERSION,
          field: 'schemaVersion',
          message: "schemaVersion 3 of GreetingSent is newer than this reader's 2",
        },
      });
    });

    it('refuses an event type it has no current version for', () => {
      const result = sut.upcast({ ...aGreeting(1, {}), eventType: 'FarewellSent' });
      expect(result).toMatchObject({ ok: false, refusal: { code: UNSUPPORTED_SCHEMA_VERSION } });
    });
  });

  describe('given GreetingSent at version 3 and only the upcaster from 1', () => {
    const sut = createUpcasterRegistry({ GreetingSent: 3 }, [greetingV1ToV2]);

    it('refuses a v1 envelope, naming the missing step', () => {
      expect(sut.upcast(aGreeting(1, { text: 'hello' }))).toMatchObject({
        ok: false,
        refusal: { message: 'schemaVersion 1 of GreetingSent has no upcaster from version 2' },
      });
    });
  });

  describe('when it is built', () => {
    it('rejects an upcaster that leads past the current version', () => {
      expect(() => createUpcasterRegistry({ GreetingSent: 1 }, [greetingV1ToV2])).toThrow(/past its current/);
    });

    it('rejects two upcasters from the same version', () => {
      expect(() => createUpcasterRegistry({ GreetingSent: 2 }, [greetingV1ToV2, greetingV1ToV2])).toThrow(
        /two upcasters/,
      );
    });
  });

  describe('the published events registry, while only v1 exists', () => {
    it('passes every current event through and refuses a newer one', () => {
      const created = { eventType: 'ContractCreated', schemaVersion: 1, data: { contractId: 'c-1' } };
      expect(upcasterRegistry.upcast(created)).toEqual({ ok: true, envelope: created });
      expect(upcasterRegistry.upcast({ ...created, schemaVersion: 2 })).toMatchObject({
        ok: false,
        refusal: { code: UNSUPPORTED_SCHEMA_VERSION, field: 'schemaVersion' },
      });
    });
  });
});
