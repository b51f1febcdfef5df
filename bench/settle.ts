import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sleep } from '@episodic/core';
import { QUEUES } from '../infra/topology.ts';
import { treeCpu } from './processes.ts';

/** How a settle went: how long it took, and what was left if it gave up. */
export interface SettleReport {
  ms: number;
  settled: boolean;
  /** CPU of the system's processes over the last 1 s sample, in % of one core. */
  cpuPercent: number;
  /** The CPU below which the system counts as idle: its idle floor plus BENCH_IDLE_CPU_PERCENT. */
  thresholdPercent: number;
  /** Messages (visible + in flight) on audit's queues at the end. */
  auditQueued: number;
}

const IDLE_CPU_PERCENT = Number(process.env['BENCH_IDLE_CPU_PERCENT'] ?? 5);
const SETTLE_TIMEOUT_MS = Number(process.env['BENCH_SETTLE_TIMEOUT_S'] ?? 180) * 1000;

/**
 * Waits until the system is quiet, so one measurement does not pay for the last one's backlog:
 * audit's queues empty (every queue of infra/topology.ts whose name starts with `audit`: the
 * events queue, and the access-records queue where there is one) and the CPU of every process
 * under `roots` (host, services, PostgreSQL) over 1 s at most BENCH_IDLE_CPU_PERCENT (5 %) of a
 * core above the system's idle floor. The floor (timers and queue polls of seven processes:
 * about 10 % of a core on the 2-core bench machine) is the second lowest of five 1 s samples taken
 * once after boot (`calibrate`): the lowest can be a lucky 3 % that no later second reaches, the
 * median still holds some of the boot's after-work (19 % once). Gives up after BENCH_SETTLE_TIMEOUT_S (180 s) and says so.
 */
export function settler(options: { emulatorUrl: string; roots: () => number[] }) {
  const sqs = new SQSClient({ endpoint: options.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const names = Object.values(QUEUES).filter((name) => name.startsWith('audit'));
  let urls: Promise<string[]> | undefined;
  const auditQueueUrls = () => (urls ??= Promise.all(names.map((name) => sqs.send(new GetQueueUrlCommand({ QueueName: name })).then((found) => found.QueueUrl, () => undefined)))
    .then((found) => found.filter((url): url is string => url !== undefined)));
  const queued = async () => {
    let total = 0;
    for (const url of await auditQueueUrls()) {
      const { Attributes: attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      total += Number(attributes.ApproximateNumberOfMessages ?? 0) + Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    }
    return total;
  };
  const cpuPercentOverOneSecond = async () => {
    const before = treeCpu(options.roots());
    const started = performance.now();
    await sleep(1000);
    const after = treeCpu(options.roots());
    let used = 0;
    for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? 0);
    return (used / ((performance.now() - started) / 1000)) * 100;
  };
  let floor = 0;
  const threshold = () => floor + IDLE_CPU_PERCENT;
  const untilQueuesEmpty = async (deadline: number) => {
    while ((await queued()) > 0 && performance.now() < deadline) await sleep(250);
  };
  return {
    auditQueues: async () => ({ names, found: (await auditQueueUrls()).length }),
    /** Measures the idle floor (after boot, before any load); returns it in % of a core. */
    async calibrate(): Promise<number> {
      await untilQueuesEmpty(performance.now() + SETTLE_TIMEOUT_MS);
      const samples = [];
      for (let i = 0; i < 5; i += 1) samples.push(await cpuPercentOverOneSecond());
      floor = round(samples.sort((a, b) => a - b)[1]!);
      return floor;
    },
    async settle(): Promise<SettleReport> {
      const started = performance.now();
      const deadline = started + SETTLE_TIMEOUT_MS;
      let cpuPercent = Number.NaN;
      let left = 0;
      while (performance.now() < deadline) {
        left = await queued();
        if (left > 0) {
          await sleep(250);
          continue;
        }
        cpuPercent = await cpuPercentOverOneSecond();
        if (cpuPercent <= threshold()) return { ms: Math.round(performance.now() - started), settled: true, cpuPercent: round(cpuPercent), thresholdPercent: threshold(), auditQueued: 0 };
      }
      return { ms: Math.round(performance.now() - started), settled: false, cpuPercent: round(cpuPercent), thresholdPercent: threshold(), auditQueued: left };
    },
    close: () => sqs.destroy(),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
