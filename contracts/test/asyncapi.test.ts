import { expect } from 'chai';
import { buildAsyncApi, EVENT_TOPICS, EVENT_TYPES, eventEnvelopeSchema } from '../src/index.ts';
import { inlined, refsIn, target } from './document-refs.ts';
import { envelope, eventData, passes } from './examples.ts';

const build = (): any => buildAsyncApi();

describe('contracts: AsyncAPI document', () => {
  it('When the document is built, then it is AsyncAPI 3.0 with one channel per SNS topic and a send operation for each', () => {
    const document = build();
    expect(document.asyncapi).to.equal('3.0.0');
    expect(Object.keys(document.channels)).to.deep.equal(['catalog-events', 'media-events', 'processing-events', 'gateway-events']);
    for (const [name, channel] of Object.entries(document.channels) as [string, { address: string }][]) {
      expect(channel.address).to.equal(name);
      expect(document.operations[`publish-${name}`]).to.deep.include({ action: 'send', channel: { $ref: `#/channels/${name}` } });
    }
  });

  it('When the document is built, then every $ref resolves and no $id is left', () => {
    const document = build();
    for (const ref of new Set(refsIn(document))) expect(target(document, ref), ref).to.not.equal(undefined);
    expect(JSON.stringify(document)).to.not.contain('"$id"');
    expect(document.components.schemas['episode.updated.v1'].properties.before).to.deep.equal({ $ref: '#/components/schemas/Episode' });
  });

  it('When each event type is looked up, then it is a message on its topic and in its operation', () => {
    const document = build();
    for (const type of EVENT_TYPES) {
      const topic = EVENT_TOPICS[type];
      expect(document.channels[topic].messages[type]).to.deep.equal({ $ref: `#/components/messages/${type}` });
      expect(document.operations[`publish-${topic}`].messages).to.deep.include({ $ref: `#/channels/${topic}/messages/${type}` });
      expect(document.components.messages[type]).to.include({ name: type, contentType: 'application/json' });
    }
    expect(document.channels['gateway-events'].messages).to.have.all.keys('access.recorded', 'gateway.started', 'gateway.stopped');
  });

  it('When a message payload is taken from the document, then it validates events exactly like the contract schema', () => {
    const document = build();
    for (const type of EVENT_TYPES) {
      const payload = inlined(document, document.components.messages[type].payload) as object;
      const good = envelope(type, eventData[type]);
      expect(passes(payload, good), type).to.equal(true);
      expect(passes(payload, { ...good, data: {} }), type).to.equal(passes(eventEnvelopeSchema(type), { ...good, data: {} }));
    }
  });
});
