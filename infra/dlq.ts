/**
 * `npm run dlq`: the dead-letter queues of the topology, for operators without the gateway.
 *   npm run dlq -- list                                every DLQ: depth, oldest age
 *   npm run dlq -- peek audit-events-dlq [--limit 20]  messages (id, type, reason, receives), none consumed
 *   npm run dlq -- redrive audit-events-dlq [--id <message id>]...   back to audit-events (all, or those ids)
 * Against AWS by default (the usual credential chain, AWS_REGION); with AWS_ENDPOINT against an
 * emulator, and with neither set while `npm start` runs, against the local one.
 */
import { parseArgs } from 'node:util';
import { AppError, createLogger, loadConfig } from '@episodic/core';
import { AWS_SETTINGS, awsSettingsOf, createAwsClients } from '@episodic/messaging';
import { DeadLetters, QueueDirectory } from '@episodic/operations';
import { readLocalSettings } from './local/settings.ts';
import { TOPOLOGY } from './topology.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: 'string', default: '10' }, id: { type: 'string', multiple: true } },
});
const [command, queue] = positionals;
const USAGE = 'usage: npm run dlq -- list | peek <dlq> [--limit n] | redrive <dlq> [--id <message id>]...';

const config = loadConfig(AWS_SETTINGS, process.env);
const local = readLocalSettings();
const useLocal = !config.AWS_ENDPOINT && !process.env['AWS_ACCESS_KEY_ID'] && (await fetch(`http://127.0.0.1:${local.EMULATOR_PORT}/`).then(() => true, () => false));
const aws = createAwsClients(useLocal
  ? { region: config.AWS_REGION, endpoint: `http://127.0.0.1:${local.EMULATOR_PORT}`, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }
  : awsSettingsOf(config));
const deadLetters = new DeadLetters(new QueueDirectory(aws.sqs, TOPOLOGY.queues), createLogger({ name: 'dlq', level: 'warn' }));

try {
  if (command === 'list') {
    console.table(await deadLetters.list());
  } else if (command === 'peek' && queue) {
    console.table(await deadLetters.peek(queue, Number(values.limit)));
  } else if (command === 'redrive' && queue) {
    console.log(await deadLetters.redrive(queue, values.id ? { ids: values.id } : {}));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`npm run dlq: ${error instanceof AppError ? error.message : String(error)}`);
  process.exitCode = 1;
}
