export { AppError, Errors, toProblem, problemType } from './errors.ts';
export type { FieldError, Problem } from './errors.ts';
export { loadConfig, ConfigError } from './config.ts';
export type { ConfigSpec, ConfigOf, Setting } from './config.ts';
export { createLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export { waitFor, sleep } from './time.ts';
