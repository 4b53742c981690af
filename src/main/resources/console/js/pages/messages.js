import { api } from '../api.js';
import { errorText, field, fill, h, when } from '../dom.js';

export default function messages(main, params) {
  const input = h('input', { name: 'messageId', value: params.get('messageId') || '', placeholder: 'wamid.…', required: true });
  const form = h('form.filters.card', { role: 'search', 'aria-label': 'Find a message' }, field('Message id (wamid)', input), h('button', { type: 'submit' }, 'Show timeline'));
  const out = h('section', { 'aria-live': 'polite', id: 'timeline' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/messages?messageId=${encodeURIComponent(input.value.trim())}`;
  });
  main.append(h('h1', {}, 'Message timeline'), form, out);
  if (input.value) load(input.value.trim());

  async function load(id) {
    fill(out, h('p', {}, 'Loading…'));
    try {
      const m = (await api('GET', `/api/v2/messages/${encodeURIComponent(id)}`)).data;
      const inbound = m.message;
      const senderId = m.senderId || (inbound && inbound.senderId);
      const phone = m.recipient || (inbound && inbound.phone);
      fill(out,
        h('h2', {}, h('code', {}, m.messageId)),
        h('dl.facts', {},
          h('dt', {}, 'Latest status'), h('dd', { id: 'latest-status', class: m.status === 'failed' ? 'bad' : 'ok' }, m.status || (inbound ? 'inbound message' : '—')),
          h('dt', {}, 'Sender'), h('dd', {}, senderId ? h('span.number', {}, senderId) : '—'),
          h('dt', {}, 'Customer'), h('dd', {}, phone ? h('span.number', {}, phone) : '—'),
          m.error ? [h('dt', {}, 'Error'), h('dd.bad', {}, describeError(m.error))] : null,
          m.pricing ? [h('dt', {}, 'Pricing'), h('dd', {}, pairs(m.pricing))] : null,
          m.conversation ? [h('dt', {}, 'Conversation'), h('dd', {}, pairs(m.conversation))] : null,
          m.callbackData ? [h('dt', {}, 'Callback data'), h('dd', {}, h('code', {}, m.callbackData))] : null,
          senderId && phone ? [h('dt', {}, 'Conversation'), h('dd', {}, h('a', { href: `#/conversations?senderId=${encodeURIComponent(senderId)}&phone=${encodeURIComponent(phone)}` }, 'Open the conversation'))] : null),
        h('h2', {}, 'Lifecycle'),
        m.lifecycle.length ? h('ol.timeline', {}, m.lifecycle.map(ev => h('li', {},
          h('strong', {}, ev.status), ` at ${when(ev.occurredAt)} (received ${when(ev.receivedAt)}`,
          ev.provider || ev.webhookUid ? `, via ${[ev.provider, ev.webhookUid].filter(Boolean).join(' ')}` : '', ')',
          ev.error ? h('p.bad', {}, describeError(ev.error)) : null)))
          : h('p', {}, inbound ? 'No status events: statuses are for the messages the business sends.' : 'No status events yet.'),
        inbound ? [
          h('h2', {}, 'Message'),
          h('p', {}, [inbound.direction === 'outbound' ? 'Sent' : 'Received', inbound.messageType, inbound.phone ? `${inbound.direction === 'outbound' ? 'to' : 'from'} ${inbound.phone}` : null, `at ${when(inbound.occurredAt)}`].filter(Boolean).join(' ')),
          inbound.text ? h('blockquote.message-text', { id: 'message-text' }, inbound.text) : h('p.hint', {}, `No text: a ${inbound.messageType || 'message'} without a caption.`),
        ] : null);
    } catch (err) {
      fill(out, h('p.error', { role: 'alert' }, err.status === 404 ? `No message ${id} (yet): the workers may still be on their way.` : errorText(err)));
    }
  }
}

/** "key: value, …" of an object's set fields; nested objects as JSON. */
function pairs(o) {
  return Object.entries(o).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

function describeError(e) {
  if (!e) return '';
  return [e.code, e.title, e.message, e.details].filter(Boolean).join(' · ') || JSON.stringify(e);
}
