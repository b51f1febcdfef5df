import { expect } from 'chai';
import { clientIdsOf, jwksUrlOf } from '@episodic/auth';
import { readGatewayConfig } from '../src/config.ts';

const REQUIRED = {
  CATALOG_URL: 'http://127.0.0.1:3001',
  AUDIT_URL: 'http://127.0.0.1:3002',
  COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  COGNITO_CLIENT_IDS: 'one, two,,three',
  GATEWAY_CONTEXT_KEY: 'a-gateway-context-key-of-forty-characters',
};

describe('gateway: configuration', () => {
  it('When required settings are missing, then reading the config fails naming each of them', () => {
    expect(() => readGatewayConfig({})).to.throw(/CATALOG_URL is required/);
    const message = (() => {
      try {
        readGatewayConfig({});
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of Object.keys(REQUIRED)) expect(message).to.contain(`${name} is required`);
  });

  it('When a value has the wrong type, then the error names the variable and the value', () => {
    expect(() => readGatewayConfig({ ...REQUIRED, UPSTREAM_TIMEOUT_MS: 'soon' })).to.throw(/UPSTREAM_TIMEOUT_MS.*"soon"/);
    expect(() => readGatewayConfig({ ...REQUIRED, MEDIA_URL: 'media:3003' })).to.throw(/MEDIA_URL/);
  });

  it('When only the required settings are given, then the documented defaults apply', () => {
    const config = readGatewayConfig(REQUIRED);
    expect(config).to.include({ PORT: 3000, HOST: '127.0.0.1', UPSTREAM_TIMEOUT_MS: 10_000, GATEWAY_MAX_BODY_BYTES: 1_048_576, GATEWAY_TOPIC: 'gateway-events', GATEWAY_TRUSTED_PROXIES: 0 });
    expect(config.MEDIA_URL).to.equal(undefined);
    expect(clientIdsOf(config)).to.deep.equal(['one', 'two', 'three']);
    expect(jwksUrlOf(config)).to.equal('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json');
    expect(jwksUrlOf({ ...config, COGNITO_JWKS_URL: 'http://127.0.0.1:3009/keys' })).to.equal('http://127.0.0.1:3009/keys');
  });
});
