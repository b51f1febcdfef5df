import CircuitBreaker from 'opossum';
import { AppError, Errors } from './errors.ts';

export interface BreakerOptions {
  /** A call taking longer fails (and counts against the circuit). */
  timeoutMs?: number;
  /** Open the circuit when this share of recent calls failed. */
  errorThresholdPercentage?: number;
  /** How long the circuit stays open before one trial call. */
  resetTimeoutMs?: number;
  /** Calls needed in the rolling window before the circuit may open. */
  volumeThreshold?: number;
  /** Errors that are the caller's fault (e.g. a 404 from S3) and must not open the circuit. */
  isCallerError?: (error: unknown) => boolean;
}

/** A call to a dependency guarded by a circuit breaker. */
export interface Guarded<Args extends unknown[], Result> {
  (...args: Args): Promise<Result>;
  readonly breaker: CircuitBreaker<Args, Result>;
}

/**
 * Wraps a call to a dependency (SNS, S3, a peer service) in an opossum breaker with a timeout.
 * A timeout, a failure or an open circuit rejects with a 503 `AppError` naming the dependency,
 * so callers never hang and clients get a clean "try again".
 *
 *   const publish = guard('SNS', (input) => sns.send(new PublishCommand(input)), { timeoutMs: 3000 });
 */
export function guard<Args extends unknown[], Result>(
  dependency: string,
  action: (...args: Args) => Promise<Result>,
  options: BreakerOptions = {},
): Guarded<Args, Result> {
  const breaker = new CircuitBreaker<Args, Result>(action, {
    name: dependency,
    timeout: options.timeoutMs ?? 5000,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    resetTimeout: options.resetTimeoutMs ?? 5000,
    volumeThreshold: options.volumeThreshold ?? 5,
    errorFilter: options.isCallerError,
  });
  const call = async (...args: Args): Promise<Result> => {
    try {
      return await breaker.fire(...args);
    } catch (error) {
      if (error instanceof AppError || options.isCallerError?.(error)) throw error;
      throw Errors.unavailable(dependency, error);
    }
  };
  return Object.assign(call, { breaker });
}
