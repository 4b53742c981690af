import { api, query } from '../api.js';
import { errorText, field, fill, h, pager, select, table, when } from '../dom.js';

const STATUSES = ['', 'APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'FLAGGED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'REINSTATED', 'LIMIT_EXCEEDED'];

export default function templates(main) {
  const state = { senderId: '', status: '', page: 1 };
  const form = h('form.filters.card', { role: 'search', 'aria-label': 'Filter templates' },
    field('Sender', h('input', { name: 'senderId' })),
    field('Status', select('status', STATUSES.map(s => [s, s || 'Any status']), '')),
    h('button', { type: 'submit' }, 'Filter'));
  const out = h('section', { 'aria-label': 'Templates' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    Object.assign(state, { senderId: d.get('senderId').trim(), status: d.get('status'), page: 1 });
    load();
  });
  const sent = h('section', { 'aria-labelledby': 'notifications-title' });
  main.append(h('h1', {}, 'Templates'), form, out, h('h2', { id: 'notifications-title' }, 'Notifications sent'), sent);
  load();

  async function load() {
    try {
      const answer = await api('GET', `/api/v2/templates${query({ senderId: state.senderId, status: state.status, page: state.page, limit: 20 })}`);
      fill(out,
        table('Templates', ['Template', 'Sender', 'Status', 'Quality', 'Category', 'History'], answer.data.map(t => [
          h('span', {}, h('strong', {}, t.templateName), t.language ? ` (${t.language})` : ''),
          h('code.number', {}, t.senderId),
          h('span', { class: t.status === 'APPROVED' ? 'ok' : 'bad' }, t.status || '—', t.reason ? ` · ${t.reason}` : ''),
          t.quality || '—',
          t.category || '—',
          h('ol.timeline', {}, (t.history || []).map(ev => h('li', {}, `${when(ev.occurredAt)} ${ev.type}: ${ev.previous ? `${ev.previous} → ` : ''}${ev.status || ''}${ev.reason ? ` (${ev.reason})` : ''}`)))])),
        pager(answer.pagination, (p) => { state.page = p; load(); }));
    } catch (err) { fill(out, h('p.error', { role: 'alert' }, errorText(err))); }
    loadNotifications(1);
  }

  async function loadNotifications(page) {
    try {
      const answer = await api('GET', `/console/api/notifications${query({ senderId: state.senderId, page, limit: 20 })}`);
      fill(sent,
        table('Notifications sent', ['Time', 'Severity', 'Notification', 'Chat delivery'], answer.data.map(n => [
          when(n.createdAt),
          h('span', { class: n.severity === 'info' ? 'ok' : 'bad' }, n.severity),
          h('span', {}, h('strong', {}, n.title), h('br'), n.text),
          `${n.httpState || '—'}${n.attempts ? ` after ${n.attempts} attempts` : ''}${n.lastError ? ` · ${n.lastError}` : ''}`])),
        pager(answer.pagination, loadNotifications));
    } catch (err) { fill(sent, h('p.error', { role: 'alert' }, errorText(err))); }
  }
}
