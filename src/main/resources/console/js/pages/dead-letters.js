import { api, query } from '../api.js';
import { errorText, field, fill, h, pager, select, table, when } from '../dom.js';

const WORKERS = ['crm', 'timeline', 'template-ops'];

export default function deadLetters(main, params) {
  const state = { worker: WORKERS.includes(params.get('worker')) ? params.get('worker') : 'crm', page: 1 };
  const workerSelect = select('worker', WORKERS.map(w => [w, w]), state.worker);
  const form = h('form.filters.card', { 'aria-label': 'Choose a worker' }, field('Worker', workerSelect),
    h('button', { type: 'submit' }, 'Show'),
    h('button.secondary', { type: 'button', id: 'requeue-all', onclick: () => requeue({}) }, 'Re-enqueue all'));
  const result = h('div', { 'aria-live': 'polite', id: 'dlq-result' });
  const out = h('section', { 'aria-label': 'Dead letters' });
  form.addEventListener('submit', (e) => { e.preventDefault(); state.worker = workerSelect.value; state.page = 1; load(); });
  main.append(h('h1', {}, 'Dead letters'),
    h('p.hint', {}, 'Records a worker gave up on, not re-enqueued yet. Fix the cause first: re-enqueued records go back to their source topic, and one that fails again returns here.'),
    form, result, out);
  load();

  async function load() {
    fill(out, h('p', {}, 'Loading…'));
    try {
      const answer = await api('GET', `/console/api/dead-letters/${state.worker}${query({ page: state.page, limit: 20 })}`);
      fill(out,
        h('p', {}, h('code', {}, answer.topic)),
        table('Dead letters', ['Place', 'Source', 'Reason', 'Error', 'Event', 'Action'], answer.data.map(l => [
          h('code', {}, l.place),
          l.sourceTopic ? h('code', {}, `${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`) : '—',
          h('span', {}, [l.reason || 'no reason recorded', l.attempts ? `after ${l.attempts} attempts` : null].filter(Boolean).join(' '), h('br'), when(l.failedAt)),
          h('span.bad', {}, l.error || ''),
          h('span', {}, l.eventType || '', h('br'), h('code', {}, l.eventId || '')),
          h('button.secondary', { type: 'button', 'data-requeue': l.place, onclick: () => requeue({ partition: l.partition, offset: l.offset }) }, 'Re-enqueue')])),
        pager(answer.pagination, (p) => { state.page = p; load(); }));
    } catch (err) { fill(out, h('p.error', { role: 'alert' }, errorText(err))); }
  }

  async function requeue(which) {
    if (!which.partition && which.partition !== 0 && !window.confirm(`Re-enqueue every pending dead letter of ${state.worker}?`)) return;
    try {
      const answer = await api('POST', `/console/api/dead-letters/${state.worker}/requeue`, which);
      fill(result, h('p.ok', { id: 'requeued' }, `Re-enqueued ${answer.data.requeued.length}: ${answer.data.requeued.join(', ') || 'none'}`));
      load();
    } catch (err) { fill(result, h('p.error', { role: 'alert' }, errorText(err))); }
  }
}
