import { expect } from 'chai';
import { ownEntry } from '../src/domain/own-entry.ts';
import { startAudit, type AuditUnderTest } from './audit-under-test.ts';

describe('audit: summary reports and bad filters', () => {
  let audit: AuditUnderTest;
  before(async () => {
    audit = await startAudit();
    const rows = [['alice', 'view', 'success'], ['alice', 'edit', 'denied'], ['bob', 'view', 'success']] as const;
    for (const [user, action, outcome] of rows) {
      await audit.activity.recordOwn(ownEntry({ action_type: action, resource_type: 'episode', resource_id: 1, new_values: null, event_type: 'access.recorded', user_id: user, outcome, user_agent: '@SUM(1+1)' }));
    }
  });
  after(() => audit.stop());

  it('When activity is summarised by user or outcome, then the counts come back largest first, as JSON or CSV', async () => {
    const byUser = (await audit.get('/api/v1/audit/reports/summary?group_by=user')).body;
    expect(byUser).to.include({ group_by: 'user', total: 3 });
    expect(byUser.groups).to.deep.equal([{ key: 'alice', count: 2 }, { key: 'bob', count: 1 }]);
    const csv = await audit.get('/api/v1/audit/reports/summary?group_by=outcome&format=csv');
    expect(csv.response.headers.get('content-type')).to.contain('text/csv');
    expect(csv.body).to.equal('outcome,count\r\nsuccess,2\r\ndenied,1\r\n');
    const empty = (await audit.get('/api/v1/audit/reports/summary?group_by=action&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).body;
    expect(empty).to.include({ total: 0 });
  });

  it('When a filter is malformed, then 400 problem+json names each field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/audit/reports/summary?group_by=ip', '/group_by'],
      ['/api/v1/audit/reports/summary', '/group_by'],
      ['/api/v1/audit/reports/summary?group_by=user&from=yesterday', '/from'],
      ['/api/v1/audit/reports/summary?group_by=user&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/to'],
      ['/api/v1/audit/activity?format=csv&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/to'],
      ['/api/v1/audit/activity?outcome=maybe', '/outcome'],
    ];
    for (const [path, field] of cases) {
      const { status, body, response } = await audit.get(path);
      expect(status, path).to.equal(400);
      expect(response.headers.get('content-type'), path).to.contain('application/problem+json');
      expect(body.errors.map((error: { path: string }) => error.path), path).to.include(field);
    }
  });

  it('When a cell would start a spreadsheet formula, then the CSV export prefixes it with an apostrophe', async () => {
    const { body } = await audit.get('/api/v1/audit/activity?format=csv&user_id=bob');
    expect(body).to.contain(",'@SUM(1+1),");
    expect(body).to.not.contain(',@SUM');
  });
});
