import { ConflictException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { HttpErrorFilter } from './http-error.filter';

describe('HttpErrorFilter', () => {
  const sut = new HttpErrorFilter({
    CONTRACT_NOT_FOUND: HttpStatus.NOT_FOUND,
    CONTRACT_ID_TAKEN: HttpStatus.CONFLICT,
    VERSION_MISMATCH: HttpStatus.PRECONDITION_FAILED,
  });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  describe('for a domain error', () => {
    it('maps its code through the service table', () => {
      expect(
        sut.bodyFor(new DomainError('CONTRACT_ID_TAKEN', 'Contract c-1 exists with another body')),
      ).toEqual({
        statusCode: 409,
        error: 'Conflict',
        code: 'CONTRACT_ID_TAKEN',
        message: 'Contract c-1 exists with another body',
      });
      expect(sut.bodyFor(new DomainError('VERSION_MISMATCH')).statusCode).toBe(412);
      expect(sut.bodyFor(new DomainError('CONTRACT_NOT_FOUND')).statusCode).toBe(404);
    });

    it('answers 422 for a rule the table does not list', () => {
      const error = new DomainError(
        'MILESTONE_ON_TIME_AND_MATERIAL_LINE',
        'Milestones need a fixed-price line',
        {
          contractLineId: 'l-1',
        },
      );
      expect(sut.bodyFor(error)).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'MILESTONE_ON_TIME_AND_MATERIAL_LINE',
        message: 'Milestones need a fixed-price line',
        details: { contractLineId: 'l-1' },
      });
    });

    it('does not mistake inherited object keys for codes', () => {
      expect(sut.bodyFor(new DomainError('toString')).statusCode).toBe(422);
    });
  });

  describe('for an HTTP exception', () => {
    it('keeps a string message in the common shape', () => {
      expect(sut.bodyFor(new NotFoundException('No contract c-9'))).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No contract c-9',
      });
    });

    it('keeps the fields of an object response', () => {
      const body = sut.bodyFor(new ConflictException({ message: 'busy', existingJobId: 'j-1' }));
      expect(body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        message: 'busy',
        existingJobId: 'j-1',
      });
    });
  });

  describe('for errors raised by the body parser', () => {
    it('answers 413 for a body over the limit', () => {
      const tooLarge = Object.assign(new Error('request entity too large'), {
        status: 413,
        expose: true,
        type: 'entity.too.large',
      });
      expect(sut.bodyFor(tooLarge)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    });

    it('answers 415 for an unsupported charset', () => {
      const charset = Object.assign(new Error('unsupported charset "UTF-7"'), {
        status: 415,
        expose: true,
        type: 'charset.unsupported',
      });
      expect(sut.bodyFor(charset).statusCode).toBe(415);
    });
  });

  describe('for a database limit that was reached (ADR 0003)', () => {
    const failure = (code: string, message: string) =>
      Object.assign(new Error(message), { driverError: { code }, code });

    it.each([
      ['57014', 'canceling statement due to statement timeout'],
      ['55P03', 'canceling statement due to lock timeout'],
    ])('answers SQLSTATE %s with 503 DATABASE_BUSY and a retry hint, revealing no SQL', (code, message) => {
      const body = sut.bodyFor(failure(code, `${message}: UPDATE contracts SET secret = 1`));
      expect(body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'DATABASE_BUSY',
        message: 'The database is busy; try again shortly',
      });
      expect(sut.retryAfterSeconds(failure(code, message))).toBe(1);
    });

    it('gives no retry hint for other errors', () => {
      expect(sut.retryAfterSeconds(failure('23505', 'duplicate key'))).toBeNull();
      expect(sut.retryAfterSeconds(new Error('boom'))).toBeNull();
    });
  });

  describe('for anything else', () => {
    it('answers 500 without revealing the cause', () => {
      const body = sut.bodyFor(new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2'));
      expect(body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'An unexpected error occurred',
      });
    });

    it('does not trust a server error that claims to be exposable', () => {
      const error = Object.assign(new Error('boom'), { status: 503, expose: true });
      expect(sut.bodyFor(error).statusCode).toBe(500);
    });
  });
});
