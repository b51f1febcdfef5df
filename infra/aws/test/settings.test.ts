import { expect } from 'chai';
import { readSettings } from '../src/settings.ts';

const read = (context: Record<string, unknown>) => readSettings((key) => context[key]);

describe('infra/aws: deployment settings from CDK context', () => {
  it('When nothing is given, then a small single-AZ deployment with audit on Lambda is described', () => {
    const settings = read({});
    expect(settings).to.include({ stackName: 'Episodic', multiAz: false, dbInstanceClass: 't4g.micro', natGateways: 1, logRetentionDays: 30, archiveLockMode: 'GOVERNANCE' });
    expect(settings.consumers).to.deep.equal({ audit: 'lambda', catalog: 'fargate', media: 'fargate', processing: 'fargate' });
    expect(settings.uploadOrigins).to.deep.equal(['*']);
  });

  it('When a domain is given, then browser uploads are allowed from it alone', () => {
    expect(read({ domainName: 'api.example.org' }).uploadOrigins).to.deep.equal(['https://api.example.org']);
  });

  it('When a value is malformed, then the error names the context key', () => {
    expect(() => read({ multiAz: 'yes' })).to.throw(/context multiAz: "yes" is not true or false/);
    expect(() => read({ maxTasks: '0' })).to.throw(/context maxTasks/);
    expect(() => read({ logRetentionDays: '31' })).to.throw(/context logRetentionDays/);
    expect(() => read({ archiveLockMode: 'LEGAL' })).to.throw(/context archiveLockMode/);
  });
});
