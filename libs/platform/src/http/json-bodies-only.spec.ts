import type { Request, Response } from 'express';
import { jsonBodiesOnly } from './json-bodies-only.middleware';

function call(method: string, headers: Record<string, string>) {
  const response = { statusCode: 200, body: undefined as unknown };
  const res = {
    status(code: number) {
      response.statusCode = code;
      return this;
    },
    json(body: unknown) {
      response.body = body;
      return this;
    },
  } as unknown as Response;
  let passed = false;
  jsonBodiesOnly({ method, headers } as Request, res, () => (passed = true));
  return { passed, ...response };
}

describe('jsonBodiesOnly', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/merge-patch+json',
  ])('lets a %s body through', (type) => {
    expect(call('POST', { 'content-type': type, 'content-length': '2' }).passed).toBe(true);
  });

  it.each([
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=b',
    'text/plain',
    'application/xml',
    'application/jsonp',
  ])('answers 415 to a %s body', (type) => {
    const answer = call('PUT', { 'content-type': type, 'content-length': '10' });
    expect(answer).toMatchObject({ passed: false, statusCode: 415, body: { statusCode: 415 } });
    expect((answer.body as { message: string }).message).toContain(type);
  });

  it('answers 415 to a chunked body without a content type', () => {
    const answer = call('POST', { 'transfer-encoding': 'chunked' });
    expect(answer).toMatchObject({ passed: false, statusCode: 415 });
  });

  it('lets requests without a body through, whatever they declare', () => {
    expect(call('POST', { 'content-type': 'text/plain', 'content-length': '0' }).passed).toBe(true);
    expect(call('POST', {}).passed).toBe(true);
  });

  it('leaves reads alone', () => {
    expect(call('GET', { 'content-type': 'text/plain', 'content-length': '5' }).passed).toBe(true);
  });
});
