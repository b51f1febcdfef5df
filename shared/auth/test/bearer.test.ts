import { expect } from 'chai';
import { bearerToken } from '../src/index.ts';
import { rejectionOf } from './rejection.ts';

describe('auth/bearerToken', () => {
  it('When the header is Bearer <token>, then the token is returned (scheme case-insensitive)', () => {
    expect(bearerToken('Bearer abc.def.ghi')).to.equal('abc.def.ghi');
    expect(bearerToken('bearer abc.def-_ghi')).to.equal('abc.def-_ghi');
  });

  it('When the header is missing, empty, Basic or malformed, then it is a 401', async () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Token abc']) {
      const error = await rejectionOf(Promise.resolve().then(() => bearerToken(header)));
      expect({ status: error.status, code: error.code }, String(header)).to.deep.equal({ status: 401, code: 'unauthorized' });
    }
  });
});
