import { api, query } from '../api.js';
import { errorText, field, fill, h, pager, table, when } from '../dom.js';

const POLL_MS = 2000;

export default function traffic(main, params) {
  const state = { page: 1, refusedPage: 1, webhookUid: params.get('webhookUid') || '' };
  const live = h('section', { 'aria-labelledby': 'live-title' });
  const refused = h('section', { 'aria-labelledby': 'refused-title' });
  const filter = h('form.filters.card', { role: 'search', 'aria-label': 'Filter refused requests' },
    field('Webhook', h('input', { name: 'webhookUid', value: state.webhookUid, placeholder: 'wh_…' })),
    h('button', { type: 'submit' }, 'Filter'));
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    state.webhookUid = new FormData(filter).get('webhookUid').trim();
    state.refusedPage = 1;
    loadRefused();
  });
  main.append(h('h1', {}, 'Live traffic'),
    h('p.hint', {}, 'Requests per second by outcome over the last minute and p99 Kafka publish latency, and the refused requests, of every gateway on this database (the /metrics meters of each, written in 5-second slots); "spooled" requests were answered 200 while Kafka was away and wait in the spool for it. Updated every 2 s.'),
    live, h('h2', { id: 'refused-title' }, 'Recent refused requests'), filter, refused);

  async function loadLive() {
    try {
      const answer = await api('GET', `/console/api/traffic${query({ page: state.page, limit: 20 })}`);
      const d = answer.data;
      const latency = Object.entries(d.publishLatency || {}).map(([outcome, v]) =>
        h('li', {}, `${outcome}: p99 ${v.p99Ms === null ? '—' : `${v.p99Ms} ms`} (${v.count} requests in the last ${d.windowSeconds} s)`));
      fill(live,
        h('h2', { id: 'live-title' }, 'Requests per webhook'),
        h('p.hint', {}, `As of ${when(d.sampledAt)}.`),
        table('Requests per webhook', ['Webhook', 'Provider', 'Requests/s by outcome', 'Total/s', 'Last 5 minutes', 'Requests, 5 min'],
          d.webhooks.map(w => [
            h('a', { href: `#/traffic?webhookUid=${encodeURIComponent(w.webhookUid)}` }, w.webhookUid),
            w.provider || '—',
            h('ul', {}, Object.entries(w.perSecond).map(([o, r]) => h('li', { class: o === 'accepted' || o === 'spooled' ? 'ok' : 'bad' }, `${o}: ${r}`))),
            String(w.totalPerSecond),
            spark(w.series),
            String(Math.round(w.requests)),
          ])),
        pager(d.pagination && { ...d.pagination, totalPages: Math.ceil(d.pagination.total / d.pagination.limit) }, (p) => { state.page = p; loadLive(); }),
        h('h2', { id: 'latency-title' }, 'Kafka publish latency'),
        latency.length ? h('ul', { 'aria-labelledby': 'latency-title' }, latency) : h('p', {}, 'No publishes yet.'));
    } catch (err) {
      fill(live, h('p.error', { role: 'alert' }, errorText(err)));
    }
  }

  async function loadRefused() {
    try {
      const answer = await api('GET', `/console/api/refused${query({ webhookUid: state.webhookUid, page: state.refusedPage, limit: 20 })}`);
      fill(refused,
        table('Recent refused requests', ['Time', 'Webhook', 'Client address', 'Status', 'Reason'],
          answer.data.map(r => [when(r.refusedAt), h('code', {}, r.webhookUid), h('code', {}, r.clientAddress || '—'),
            `${r.status} ${r.errorCode}`, h('strong', { class: 'bad' }, r.reason)])),
        pager(answer.pagination, (p) => { state.refusedPage = p; loadRefused(); }));
    } catch (err) {
      fill(refused, h('p.error', { role: 'alert' }, errorText(err)));
    }
  }

  loadLive();
  loadRefused();
  const timer = setInterval(() => { loadLive(); loadRefused(); }, POLL_MS);
  return () => clearInterval(timer);
}

function spark(series) {
  const max = Math.max(1e-9, ...series);
  return h('span.spark', { role: 'img', 'aria-label': `Requests per second, last ${series.length} intervals, peak ${Math.round(max * 100) / 100}` },
    series.map(v => { const bar = h('span'); bar.style.height = `${Math.max(4, Math.round((v / max) * 100))}%`; return bar; }));
}
