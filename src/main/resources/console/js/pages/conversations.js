import { api, query } from '../api.js';
import { errorText, field, fill, h, pager, table, when } from '../dom.js';

export default function conversations(main, params) {
  const state = { senderId: params.get('senderId') || '', phone: params.get('phone') || '', page: 1, open: null };
  const form = h('form.filters.card', { role: 'search', 'aria-label': 'Find conversations' },
    field('Sender', h('input', { name: 'senderId', value: state.senderId })),
    field('Customer phone', h('input', { name: 'phone', value: state.phone, inputmode: 'tel' })),
    h('button', { type: 'submit' }, 'Search'));
  const list = h('section', { 'aria-label': 'Conversations' });
  const detail = h('section', { 'aria-live': 'polite' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    Object.assign(state, { senderId: d.get('senderId').trim(), phone: d.get('phone').trim(), page: 1 });
    load();
  });
  main.append(h('h1', {}, 'Conversations'), form, list, detail);
  load();
  if (state.senderId && state.phone) openOne(state.senderId, state.phone, 1);

  async function load() {
    try {
      const answer = await api('GET', `/api/v2/conversations${query({ senderId: state.senderId, phone: state.phone, page: state.page, limit: 20 })}`);
      fill(list,
        table('Conversations', ['Customer', 'Sender', 'Last message', 'Messages', 'Service window'], answer.data.map(c => [
          h('a', { href: link(c.senderId, c.phone) }, `${c.contactName || ''} ${c.phone || ''}`.trim() || c.senderId),
          h('code.number', {}, c.senderId),
          c.lastMessage ? `${c.lastMessage.text || c.lastMessage.type || ''} (${when(c.lastMessage.occurredAt)})` : '—',
          String(c.messageCount),
          windowText(c)])),
        pager(answer.pagination, (p) => { state.page = p; load(); }));
    } catch (err) { fill(list, h('p.error', { role: 'alert' }, errorText(err))); }
  }

  async function openOne(senderId, phone, page) {
    try {
      const answer = await api('GET', `/api/v2/conversations/${encodeURIComponent(senderId)}/${encodeURIComponent(phone)}${query({ page, limit: 20 })}`);
      const c = answer.data;
      fill(detail,
        h('h2', { id: 'conversation-title' }, `${c.contactName || c.phone} · ${c.senderId}`),
        h('dl.facts', {},
          h('dt', {}, 'Service window'), h('dd', {}, windowText(c)),
          h('dt', {}, 'Marketing preference'), h('dd', { id: 'marketing-preference' }, marketingText(c.marketing)),
          h('dt', {}, 'First inbound'), h('dd', {}, when(c.firstInboundAt)),
          h('dt', {}, 'Last inbound'), h('dd', {}, when(c.lastInboundAt))),
        table('Messages', ['Time', 'Type', 'Text', 'Message id'], c.messages.map(m => [when(m.occurredAt), m.messageType, m.text || '',
          h('a', { href: `#/messages?messageId=${encodeURIComponent(m.messageId)}` }, m.messageId)])),
        pager(answer.pagination, (p) => openOne(senderId, phone, p)));
    } catch (err) { fill(detail, h('p.error', { role: 'alert' }, errorText(err))); }
  }
}

/** A conversation's own URL: the page opens it, the list filtered to it. */
function link(senderId, phone) {
  return `#/conversations?senderId=${encodeURIComponent(senderId)}&phone=${encodeURIComponent(phone || '')}`;
}

/** The API's {preference: stop|resume, optedOut, detail, updatedAt}, or null: never changed. */
function marketingText(m) {
  if (!m) return 'not known (the customer never changed it)';
  const what = m.optedOut ? `opted out of marketing messages (${m.preference})` : `receives marketing messages (${m.preference})`;
  return h('span', { class: m.optedOut ? 'bad' : 'ok' }, [what, m.detail ? `: ${m.detail}` : '', `, since ${when(m.updatedAt)}`].join(''));
}

function windowText(c) {
  return c.serviceWindowOpen ? h('span.ok', {}, `open until ${when(c.serviceWindowExpiresAt)}`)
    : h('span', {}, c.serviceWindowExpiresAt ? `closed since ${when(c.serviceWindowExpiresAt)}` : 'closed');
}
