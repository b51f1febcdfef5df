import { expect } from 'chai';
import { AppError, Errors, toProblem } from '../src/index.ts';

describe('core/errors', () => {
  it('When an AppError is exposed, then its problem carries code, status, detail and field errors', () => {
    const problem = toProblem(Errors.validation([{ path: '/rating', message: 'must be <= 10' }]), '/api/v1/episodes');
    expect(problem).to.deep.equal({
      type: 'urn:problem:episodic:validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid.',
      instance: '/api/v1/episodes',
      errors: [{ path: '/rating', message: 'must be <= 10' }],
    });
  });

  it('When an error is internal, then the client sees a generic 500 without its message', () => {
    const problem = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(problem.status).to.equal(500);
    expect(JSON.stringify(problem)).to.not.contain('hunter2');
    const hidden = toProblem(new AppError('db-broken', 500, 'pool exhausted on host x'));
    expect(hidden.detail).to.equal('An unexpected error occurred.');
  });

  it('When a dependency is unavailable, then the 503 names it and is exposed', () => {
    const problem = toProblem(Errors.unavailable('SNS'));
    expect(problem).to.include({ status: 503, type: 'urn:problem:episodic:dependency-unavailable', title: 'Service Unavailable' });
    expect(problem.detail).to.contain('SNS');
  });

  it('When a 405 lists allowed methods, then the problem carries them', () => {
    expect(toProblem(Errors.methodNotAllowed('PATCH', '/x', ['GET']))).to.include.keys('allow');
  });
});
