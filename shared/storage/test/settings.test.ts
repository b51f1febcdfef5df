import { expect } from 'chai';
import { ConfigError, loadConfig } from '@episodic/core';
import { STORAGE_SETTINGS } from '../src/index.ts';

describe('storage/settings', () => {
  it('When nothing is set, then the bucket, timeout and URL lifetime have safe defaults', () => {
    const config = loadConfig(STORAGE_SETTINGS, {});

    expect(config).to.deep.equal({ S3_BUCKET: 'episodic-media', S3_TIMEOUT_MS: 5000, S3_URL_EXPIRES_SECONDS: 900 });
  });

  it('When a value is out of range, then loading fails naming the variable', () => {
    expect(() => loadConfig(STORAGE_SETTINGS, { S3_BUCKET: 'Not_A_Bucket' })).to.throw(ConfigError, /S3_BUCKET/);
    expect(() => loadConfig(STORAGE_SETTINGS, { S3_URL_EXPIRES_SECONDS: '604801' })).to.throw(ConfigError, /S3_URL_EXPIRES_SECONDS/);
    expect(() => loadConfig(STORAGE_SETTINGS, { S3_TIMEOUT_MS: '0' })).to.throw(ConfigError, /S3_TIMEOUT_MS/);
  });
});
