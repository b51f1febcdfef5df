import { expect } from 'chai';
import { accessOutcome, resourceIdOf } from '../src/access/access-decision.ts';

describe('gateway: which requests the gateway records', () => {
  it('When a read ends, then it is recorded whatever its status', () => {
    expect(accessOutcome('GET', 200)).to.equal('success');
    expect(accessOutcome('HEAD', 304)).to.equal('success');
    expect(accessOutcome('GET', 403)).to.equal('denied');
    expect(accessOutcome('GET', 404)).to.equal('failure');
    expect(accessOutcome('GET', 503)).to.equal('failure');
  });

  it('When a write ends, then it is recorded too, a successful no-op write included', () => {
    expect(accessOutcome('POST', 201)).to.equal('success');
    expect(accessOutcome('PUT', 200)).to.equal('success');
    expect(accessOutcome('DELETE', 204)).to.equal('success');
    expect(accessOutcome('PUT', 401)).to.equal('denied');
    expect(accessOutcome('PUT', 403)).to.equal('denied');
    expect(accessOutcome('PUT', 409)).to.equal('failure');
    expect(accessOutcome('POST', 413)).to.equal('failure');
    expect(accessOutcome('PATCH', 504)).to.equal('failure');
  });

  it('When the :id parameter is an integer, then it is the resource id; otherwise null', () => {
    expect(resourceIdOf({ id: '42' })).to.equal(42);
    expect(resourceIdOf({ id: 'abc' })).to.equal(null);
    expect(resourceIdOf({ id: '1e3' })).to.equal(null);
    expect(resourceIdOf({})).to.equal(null);
    expect(resourceIdOf(undefined)).to.equal(null);
  });
});
