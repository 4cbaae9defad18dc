import { Finding } from '@scaling-advisor/backstage-plugin-scaling-common';
import { topFindings } from './summary';

function finding(id: string, severity: Finding['severity']): Finding {
  return { id: id as Finding['id'], severity, message: `${id} message` };
}

describe('topFindings', () => {
  it('puts critical before warning before info, keeping the rules order within each', () => {
    const findings = [
      finding('premature-practice', 'info'),
      finding('budget-constrained', 'warning'),
      finding('sla-breach', 'critical'),
      finding('declared-users-stale', 'info'),
      finding('swarm-off-path', 'warning'),
      finding('evidence-unavailable', 'critical'),
      finding('metrics-unavailable', 'info'),
    ];
    expect(topFindings(findings).map(f => f.id)).toEqual([
      'sla-breach',
      'evidence-unavailable',
      'budget-constrained',
      'swarm-off-path',
      'premature-practice',
    ]);
    expect(topFindings(findings, 2).map(f => f.id)).toEqual([
      'sla-breach',
      'evidence-unavailable',
    ]);
  });

  it('keeps only id, severity and message', () => {
    const extra = { ...finding('sla-breach', 'critical'), detail: 'x' };
    expect(topFindings([extra])).toEqual([finding('sla-breach', 'critical')]);
  });
});
