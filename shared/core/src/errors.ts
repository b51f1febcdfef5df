/** One field-level validation failure, as clients see it in a problem body. */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

interface AppErrorOptions {
  /** Whether `message` may be shown to a client; internal errors keep it in logs only. */
  expose?: boolean;
  errors?: FieldError[];
  cause?: unknown;
  /** Extra members of the problem body (e.g. `retry_after`). */
  extensions?: Record<string, unknown>;
}

/**
 * The one error type of Episodic. `code` is stable and becomes the problem `type`;
 * `status` is the HTTP status; `expose` decides whether the message reaches a client.
 *
 *   throw new AppError('episode-not-found', 404, 'Episode 42 does not exist');
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(code: string, status: number, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.expose = options.expose ?? status < 500;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The problem `type` URI for a stable error code. */
export function problemType(code: string): string {
  return `urn:problem:episodic:${code}`;
}

/** Turns any thrown value into the problem body a client may see (no stack, no internals). */
export function toProblem(error: unknown, instance?: string): Problem {
  const appError = error instanceof AppError ? error : undefined;
  const status = appError?.status ?? 500;
  const problem: Problem = {
    type: problemType(appError?.code ?? 'internal'),
    title: TITLES[status] ?? 'Error',
    status,
    detail: appError?.expose ? appError.message : 'An unexpected error occurred.',
  };
  if (instance) problem.instance = instance;
  if (appError?.errors) problem.errors = appError.errors;
  if (appError?.expose) Object.assign(problem, appError.extensions);
  return problem;
}

/** Constructors for the errors every service raises. */
export const Errors = {
  validation: (errors: FieldError[], message = 'The request is not valid.') =>
    new AppError('validation-failed', 400, message, { errors }),
  badRequest: (message: string) => new AppError('bad-request', 400, message),
  unauthorized: (message = 'A valid bearer token is required.') =>
    new AppError('unauthorized', 401, message),
  forbidden: (message = 'Your role does not allow this action.') =>
    new AppError('forbidden', 403, message),
  notFound: (what: string) => new AppError('not-found', 404, `${what} was not found.`),
  methodNotAllowed: (method: string, path: string, allow: string[] = []) =>
    new AppError('method-not-allowed', 405, `${method} is not allowed on ${path}.`, { extensions: { allow } }),
  conflict: (message: string) => new AppError('conflict', 409, message),
  preconditionFailed: (message: string) => new AppError('precondition-failed', 412, message),
  tooLarge: (message: string) => new AppError('too-large', 413, message),
  unsupportedMediaType: (message: string) => new AppError('unsupported-media-type', 415, message),
  unprocessable: (message: string) => new AppError('unprocessable', 422, message),
  unavailable: (dependency: string, cause?: unknown) =>
    new AppError('dependency-unavailable', 503, `${dependency} is unavailable; try again shortly.`, {
      cause,
      expose: true,
    }),
};
