/**
 * `npm run token -- --role editor`: prints a fresh token from the local issuer of `npm start`
 * (signed with the key kept in the data folder, so it works while the system runs).
 *   --role admin|editor|viewer|system   (default viewer)
 *   --sub <user id>  --ttl <seconds>  --id (an id token instead of an access token)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalIssuer } from '@episodic/testing/issuer';
import { readLocalSettings } from './settings.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'viewer' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
    id: { type: 'boolean', default: false },
  },
});
const roles = ['admin', 'editor', 'viewer', 'system'];
if (!roles.includes(values.role)) fail(`--role must be one of ${roles.join(', ')} (got "${values.role}")`);
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl <= 0) fail(`--ttl must be a positive number of seconds (got "${values.ttl}")`);

const keyFile = join(readLocalSettings().dataDir, 'issuer.json');
if (!existsSync(keyFile)) fail(`no local issuer key at ${keyFile}: run \`npm start\` once first`);
const issuer = await LocalIssuer.fromKeyFile(keyFile);
const token = await issuer.sign(
  values.role === 'system'
    ? { system: true, expiresInSec: ttl }
    : { role: values.role as 'admin' | 'editor' | 'viewer', sub: values.sub, tokenUse: values.id ? 'id' : 'access', expiresInSec: ttl },
);
console.log(token);

function fail(message: string): never {
  console.error(`npm run token: ${message}`);
  process.exit(2);
}
