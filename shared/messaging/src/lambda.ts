import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ConfigSpec, Logger } from '@episodic/core';
import { DATABASE_SECRET_SETTINGS, type Outbox } from '@episodic/db';
import type { BatchHandler, BatchItem, HandlerContext, HandlerOption, HandlerOutcome } from './consumer.ts';
import { parseEvent } from './validation.ts';

/** An AWS Lambda handler of an SQS event source with partial batch responses (ReportBatchItemFailures). */
export type SqsLambdaHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The same handler (or batch handler) the long-polling SqsConsumer runs. */
export type SqsLambdaOptions = HandlerOption & { logger: Logger };

/**
 * Runs an `EventHandler` as an AWS Lambda on an SQS event source: each record is parsed and
 * checked against contracts/ as SqsConsumer does, then handed to the handler, one after the
 * other in the batch's order (audit's hash chain links rows in the order they are recorded).
 * A record that succeeded is left out of `batchItemFailures`, so Lambda deletes it; every other
 * record is listed and comes back after the queue's visibility timeout, until the redrive policy
 * (maxReceiveCount) moves it to the DLQ. Lambda cannot send a message to the DLQ at once the way
 * SqsConsumer quarantines poison, so poison and `deadLetter` take that longer road. With
 * `batchHandler`, the valid records of the event go to it together, in the batch's order.
 *
 *   export const handler = sqsLambdaHandler({ handler: applyEpisodeEvent(media, logger), logger });
 *   export const handler = sqsLambdaHandler({ batchHandler: recordActivities(activity, logger), logger });
 */
export function sqsLambdaHandler(options: SqsLambdaOptions): SqsLambdaHandler {
  const { batchHandler } = options;
  if (batchHandler) return (event) => handleBatch(event.Records, batchHandler, options.logger);
  return async (event) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const outcome = await handleRecord(record, options);
      if (outcome !== 'success') batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  };
}

async function handleBatch(records: SQSRecord[], batchHandler: BatchHandler, logger: Logger): Promise<SQSBatchResponse> {
  const failed = (record: SQSRecord): SQSBatchItemFailure => ({ itemIdentifier: record.messageId });
  const valid: { record: SQSRecord; item: BatchItem }[] = [];
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of records) {
    const check = parseEvent(record.body);
    if (!check.ok) {
      logPoison(record, check.reason, logger);
      batchItemFailures.push(failed(record));
    } else valid.push({ record, item: { event: check.event, context: contextOf(record, Number(record.attributes.ApproximateReceiveCount || 1)) } });
  }
  if (valid.length === 0) return { batchItemFailures };
  const outcomes = await batchHandler(valid.map(({ item }) => item)).catch((error: unknown) => {
    logger.warn({ err: error, events: valid.length }, 'batch handler failed; will retry each');
    return valid.map((): HandlerOutcome => 'retryLater');
  });
  valid.forEach(({ record }, index) => {
    if (outcomes[index] !== 'success') batchItemFailures.push(failed(record));
  });
  return { batchItemFailures };
}

function logPoison(record: SQSRecord, reason: string, logger: Logger): void {
  logger.error({ messageId: record.messageId, reason }, 'poison message; failing it until the redrive policy moves it to the dead-letter queue');
}

async function handleRecord(record: SQSRecord, options: SqsLambdaOptions): Promise<HandlerOutcome> {
  const { logger } = options;
  const handler = options.handler!;
  const check = parseEvent(record.body);
  if (!check.ok) {
    logPoison(record, check.reason, logger);
    return 'deadLetter';
  }
  const log = logger.child({ eventId: check.event.id, type: check.event.type, correlationId: check.event.correlationid });
  const receiveCount = Number(record.attributes.ApproximateReceiveCount || 1);
  try {
    const outcome = await handler(check.event, contextOf(record, receiveCount));
    if (outcome !== 'success') log.warn({ outcome, receiveCount }, 'event not handled; it comes back after the visibility timeout');
    return outcome;
  } catch (error) {
    log.warn({ err: error, receiveCount }, 'handler failed; will retry');
    return 'retryLater';
  }
}

/**
 * Lambda owns the message while the function runs: the queue's visibility timeout is set above
 * the function's timeout, so there is nothing to extend (long work, such as processing's jobs,
 * stays on the long-polling consumer), and a Lambda is never asked to hand work back.
 */
function contextOf(record: SQSRecord, receiveCount: number): HandlerContext {
  return {
    receiveCount,
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    signal: new AbortController().signal,
    extendVisibility: async () => undefined,
  };
}

/**
 * A Lambda handler whose dependencies are built by `start` on the first invocation (the cold
 * start) and reused by every later one. Nothing runs at import, so a module can export
 * `handler = onColdStart(...)` and still be imported by tests; a failed start is retried by the
 * next invocation (the batch fails as a whole meanwhile, and comes back).
 *
 *   export const handler = onColdStart(async () => sqsLambdaHandler({ handler: await wire(process.env), logger }));
 */
export function onColdStart(start: () => Promise<SqsLambdaHandler>): SqsLambdaHandler {
  let started: Promise<SqsLambdaHandler> | undefined;
  return async (event) => {
    started ??= start().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    return (await started)(event);
  };
}

/** Settings only a process serving HTTP or long-polling reads (media and processing ask catalog only on API requests); a Lambda has no use for them. */
const SERVING_ONLY = ['PORT', 'HOST', 'COGNITO_ISSUER', 'COGNITO_JWKS_URL', 'COGNITO_CLIENT_IDS', 'GATEWAY_CONTEXT_KEY', 'GATEWAY_CONTEXT_MAX_AGE_SECONDS', 'SQS_WAIT_SECONDS', 'MIGRATE_ON_START', 'CATALOG_URL', 'CATALOG_TIMEOUT_MS'] as const;

export type LambdaSettings<Spec extends ConfigSpec> = Omit<Spec, (typeof SERVING_ONLY)[number] | `${string}_CONSUMER_ENABLED`> & typeof DATABASE_SECRET_SETTINGS;

/**
 * The config spec of a service's consumer running as a Lambda: the service's own spec without
 * the settings of serving HTTP (port, token issuer, gateway context key) and long polling, plus
 * DATABASE_SECRET_ARN. Migrations stay with the service's ECS tasks.
 *
 *   const config = loadConfig(lambdaSettings(CATALOG_CONFIG), await withDatabaseSecret(env));
 */
export function lambdaSettings<Spec extends ConfigSpec>(spec: Spec): LambdaSettings<Spec> {
  // The switch that hands a service's queue to its Lambda is the service's setting, not the Lambda's.
  const kept = Object.entries(spec).filter(([name]) => !(SERVING_ONLY as readonly string[]).includes(name) && !name.endsWith('_CONSUMER_ENABLED'));
  return { ...Object.fromEntries(kept), ...DATABASE_SECRET_SETTINGS } as LambdaSettings<Spec>;
}

/**
 * A Lambda handler that, after each batch, publishes what the batch put in the outbox (the
 * relay loop of a long-running service has no place in a Lambda). What SNS refuses stays in the
 * outbox for the service's own relay, which polls the same table. Only when `env` says where the
 * topics are (SNS_TOPIC_ARN_PREFIX): a function deployed without it (and without sns:Publish)
 * leaves publishing to that relay.
 */
export function publishingOutbox(handler: SqsLambdaHandler, outbox: Outbox, logger: Logger, env: Record<string, string | undefined>): SqsLambdaHandler {
  if (env['SNS_TOPIC_ARN_PREFIX'] === undefined) return handler;
  return async (event) => {
    const response = await handler(event);
    for (;;) {
      const { published, failed } = await outbox.publishBatch().catch((error: unknown) => {
        logger.warn({ err: error }, 'outbox not published; the service relay will');
        return { published: 0, failed: true };
      });
      if (failed || published === 0) return response;
    }
  };
}
