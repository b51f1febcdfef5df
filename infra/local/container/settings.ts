/** Settings of the local emulator and token issuer when each runs in a container of its own (docker compose). */
export const EMULATOR_SETTINGS = {
  PORT: { type: 'integer', default: 4566, minimum: 1, maximum: 65535, description: 'Port of the SNS/SQS/S3 emulator (fauxqs; all interfaces).' },
  EMULATOR_DATA_DIR: { type: 'string', optional: true, description: "Folder keeping the emulator's queues, topics and objects across restarts; unset: memory only." },
} as const;

export const ISSUER_SETTINGS = {
  PORT: { type: 'integer', default: 3009, minimum: 1, maximum: 65535, description: 'Port of the local token issuer (all interfaces).' },
  ISSUER_ORIGIN: { type: 'string', default: 'http://issuer:3009', pattern: '^https?://[^/]+$', description: 'Origin under which the services reach the issuer; the tokens\' `iss` is `<origin>/local_pool`.' },
  EPISODIC_DATA_DIR: { type: 'string', default: '/var/lib/episodic', description: 'Folder of the issuer key (`issuer.json`), which `node infra/local/token.ts` in the same container signs with.' },
} as const;
