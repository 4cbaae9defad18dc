/*
 * Alerting rules as monitoring: plain Prometheus rule files (`groups:` of rules, some with an
 * `alert:`), and Grafana's alert provisioning files (`apiVersion: 1`, `groups:` of rules with a
 * `condition` and `data`). The PrometheusRule resource is read with the other Kubernetes
 * resources.
 */
import { at, records } from './data';
import { hasAlert } from './kubernetes';
import { Observations } from './observations';

export function recognizeAlerting(document: unknown, out: Observations): void {
  const groups = at(document, 'groups');
  if (!Array.isArray(groups)) return;
  if (at(document, 'apiVersion') === 1) {
    const grafana = records(groups).some(g =>
      records(g.rules).some(
        r => r.condition !== undefined && Array.isArray(r.data),
      ),
    );
    if (grafana)
      out.add('monitoring', true, 'Grafana alert rules (provisioning)');
    return;
  }
  if (at(document, 'apiVersion') === undefined && hasAlert(groups)) {
    out.add('monitoring', true, 'Prometheus alerting rules');
  }
}
