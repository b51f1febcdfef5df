import { expect } from 'chai';
import { AppError } from '@episodic/core';

/** Awaits a promise that must reject with an AppError, and returns that error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, 'expected a rejection').to.have.property('error');
  const { error } = outcome as { error: unknown };
  expect(error).to.be.instanceOf(AppError);
  return error as AppError;
}

/** Awaits a verification that must fail as 401 invalid-token with this reason. */
export async function expectInvalidToken(promise: Promise<unknown>, reason: string): Promise<void> {
  const error = await rejectionOf(promise);
  expect({ status: error.status, code: error.code, message: error.message, expose: error.expose }).to.deep.equal({
    status: 401,
    code: 'invalid-token',
    message: reason,
    expose: true,
  });
}
