import { expect } from 'chai';
import { loadConfig, ConfigError } from '../src/index.ts';

const spec = {
  PORT: { type: 'integer', default: 3001, minimum: 0, maximum: 65535, description: 'HTTP port' },
  DATABASE_URL: { type: 'string', description: 'PostgreSQL connection URL' },
  LOG_LEVEL: { type: 'string', enum: ['debug', 'info', 'warn'], default: 'info', description: 'log level' },
  FEATURE: { type: 'boolean', optional: true, description: 'a flag' },
} as const;

describe('core/config', () => {
  it('When every variable is valid, then values are typed and defaults applied', () => {
    const config = loadConfig(spec, { DATABASE_URL: 'postgres://x', PORT: '8080', FEATURE: 'true' });
    expect(config).to.deep.equal({ DATABASE_URL: 'postgres://x', PORT: 8080, LOG_LEVEL: 'info', FEATURE: true });
  });

  it('When a variable has the wrong type, then the error names it and its value', () => {
    expect(() => loadConfig(spec, { DATABASE_URL: 'x', PORT: 'eighty' }))
      .to.throw(ConfigError, /PORT must be integer \(got "eighty"\)/);
  });

  it('When a required variable is missing, then the error names it and says what it is for', () => {
    expect(() => loadConfig(spec, {})).to.throw(ConfigError, /DATABASE_URL is required: PostgreSQL connection URL/);
  });

  it('When a value is outside its enum, then the error names the variable', () => {
    expect(() => loadConfig(spec, { DATABASE_URL: 'x', LOG_LEVEL: 'loud' })).to.throw(ConfigError, /LOG_LEVEL must be equal to one of the allowed values/);
  });
});
