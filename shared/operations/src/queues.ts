import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Errors, guard } from '@episodic/core';
import type { QueueSpec } from '@episodic/messaging';

/** A consuming queue of the topology with its dead-letter queue, as operators name them. */
export interface QueuePair {
  /** The consumer's queue, e.g. `audit-events`. */
  source: string;
  /** Its DLQ, e.g. `audit-events-dlq`. */
  deadLetter: string;
}

/** The queues of the topology, and their URLs and ARNs (looked up once each). */
export class QueueDirectory {
  readonly pairs: readonly QueuePair[];
  readonly specs: readonly QueueSpec[];
  readonly #sqs: SQSClient;
  readonly #urls = new Map<string, Promise<string>>();
  readonly #call: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(sqs: SQSClient, queues: readonly QueueSpec[]) {
    this.#sqs = sqs;
    this.specs = queues;
    this.pairs = queues.map((queue) => ({ source: queue.name, deadLetter: `${queue.name}-dlq` }));
    const guarded = guard('SQS', (work: () => Promise<unknown>) => work(), { timeoutMs: 10_000 });
    this.#call = guarded as <T>(work: () => Promise<T>) => Promise<T>;
  }

  /** An SQS call behind the breaker: a slow or absent SQS is a 503, never a hang. */
  call<T>(work: (sqs: SQSClient) => Promise<T>): Promise<T> {
    return this.#call(() => work(this.#sqs));
  }

  /** An SQS call outside the breaker, for a probe whose failure is an answer (an API this endpoint lacks). */
  probe<T>(work: (sqs: SQSClient, signal: AbortSignal) => Promise<T>): Promise<T> {
    return work(this.#sqs, AbortSignal.timeout(10_000));
  }

  /** The pair whose DLQ is `deadLetter`; any other name is a 404. */
  pairOf(deadLetter: string): QueuePair {
    const pair = this.pairs.find((candidate) => candidate.deadLetter === deadLetter);
    if (!pair) throw Errors.notFound(`The dead-letter queue ${JSON.stringify(deadLetter)}`);
    return pair;
  }

  /** A subscriber queue of the topology by name (replay targets); any other name is a 404. */
  sourceNamed(name: string): string {
    if (!this.pairs.some((pair) => pair.source === name)) throw Errors.notFound(`The queue ${JSON.stringify(name)}`);
    return name;
  }

  url(name: string): Promise<string> {
    let url = this.#urls.get(name);
    if (!url) {
      url = this.call((sqs) => sqs.send(new GetQueueUrlCommand({ QueueName: name }))).then((result) => result.QueueUrl!);
      url.catch(() => this.#urls.delete(name));
      this.#urls.set(name, url);
    }
    return url;
  }

  async arn(name: string): Promise<string> {
    const url = await this.url(name);
    const { Attributes } = await this.call((sqs) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })));
    return Attributes!['QueueArn']!;
  }
}
