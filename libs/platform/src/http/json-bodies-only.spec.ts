import { unacceptedBodyReason } from './json-bodies-only';

const reasonFor = (method: string, headers: Record<string, string>) =>
  unacceptedBodyReason({ method, headers });

describe('unacceptedBodyReason', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/merge-patch+json',
  ])('accepts a %s body', (type) => {
    expect(reasonFor('POST', { 'content-type': type, 'content-length': '2' })).toBeNull();
  });

  it.each([
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=b',
    'text/plain',
    'application/xml',
    'application/jsonp',
  ])('refuses a %s body, naming its type', (type) => {
    expect(reasonFor('PUT', { 'content-type': type, 'content-length': '10' })).toContain(type);
  });

  it('refuses a chunked body without a content type', () => {
    expect(reasonFor('POST', { 'transfer-encoding': 'chunked' })).toContain('Content-Type: application/json');
  });

  it('accepts requests without a body, whatever they declare', () => {
    expect(reasonFor('POST', { 'content-type': 'text/plain', 'content-length': '0' })).toBeNull();
    expect(reasonFor('POST', {})).toBeNull();
  });

  it('leaves reads alone', () => {
    expect(reasonFor('GET', { 'content-type': 'text/plain', 'content-length': '5' })).toBeNull();
  });
});
