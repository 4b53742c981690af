import { api, query } from '../api.js';
import { errorText, field, fill, h, pager, select, table, when } from '../dom.js';

// What each provider needs on create (DESIGN §2) and its setup steps (docs/providers.md).
const PROVIDERS = {
  meta: {
    label: 'Meta (WhatsApp Cloud API)',
    senderHint: 'The phone_number_id this webhook serves.',
    secret: { label: 'App secret', required: true, hint: 'App Dashboard → App settings → Basic. Meta signs every POST with it (X-Hub-Signature-256); it is never generated.' },
    token: { label: 'Verify token', required: true, hint: 'Any string you choose; enter the same one in Meta\'s webhook configuration (GET hub.verify_token handshake).' },
    steps: ['Create the webhook here with the app secret and a verify token.',
      'App Dashboard → WhatsApp → Configuration: set the callback URL to the endpoint URL below and the verify token to the same value.',
      'Subscribe the fields you need (messages, message_template_status_update, …).'],
  },
  whats91: {
    label: 'Whats91 (Webhooks v2)',
    senderHint: 'The business number, e.g. 916268662275.',
    secret: { label: 'Signing secret', required: false, hint: 'Leave empty to have one generated (shown once). Whats91 signs the raw body with it (X-Whats91-Signature).' },
    token: { label: 'Verification token', required: false, hint: 'Optional; Whats91 sends it as X-CRM-Webhook-Token.' },
    steps: ['Create the destination in Whats91 with the endpoint URL below.', 'Give it the signing secret and verification token of this webhook.'],
  },
  connexease: {
    label: 'Connexease',
    senderHint: 'The phone_number_id (payloads are Meta\'s).',
    secret: { label: 'Signing secret (optional)', required: false, hint: 'Only when your account signs with X-Hub-Signature-256; never generated.' },
    token: { label: 'Custom Webhook Secret (bearer)', required: true, hint: 'Connexease sends it as Authorization: Bearer <secret>.' },
    steps: ['In the Connexease dashboard set the webhook URL to the endpoint URL below.', 'Set the Custom Webhook Secret to the bearer token given here.'],
  },
  whatsable: {
    label: 'WhatsAble',
    senderHint: 'The business number.',
    secret: { label: 'Signing secret', required: false, hint: 'Where your account signs requests (X-Webhook-Signature); never generated.' },
    token: { label: 'Token', required: false, hint: 'Sent as X-CRM-Webhook-Token. Give the token or the secret (at least one).' },
    steps: ['WhatsAble dashboard → Developer Settings → Add Webhook: enter the endpoint URL below.', 'Select message_status and incoming_message; configure the token (and secret) given here.'],
  },
};

// The admin API's default when a create names no provider (DESIGN §6): the form starts on it too.
const DEFAULT_PROVIDER = 'whats91';

export default function webhooks(main, params) {
  const state = { page: Number(params.get('page') || 1), provider: params.get('provider') || '', senderId: params.get('senderId') || '', status: params.get('status') || '' };
  const list = h('section', { 'aria-labelledby': 'wh-list' });
  const result = h('div', { id: 'wh-result', 'aria-live': 'polite' });
  let sampleTypes = {};

  const filters = h('form.filters.card', { role: 'search', 'aria-label': 'Filter webhooks' },
    field('Provider', select('provider', [['', 'Any provider'], ...Object.keys(PROVIDERS).map(p => [p, PROVIDERS[p].label])], state.provider)),
    field('Sender', h('input', { name: 'senderId', value: state.senderId, inputmode: 'numeric' })),
    field('Status', select('status', [['', 'Any status'], ['ACTIVE', 'Active'], ['INACTIVE', 'Inactive']], state.status)),
    h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(filters);
    Object.assign(state, { page: 1, provider: data.get('provider'), senderId: data.get('senderId').trim(), status: data.get('status') });
    load();
  });

  main.append(h('h1', {}, 'Webhooks'), result, filters, list, createForm());

  async function load() {
    fill(list, h('h2', { id: 'wh-list' }, 'All webhooks'), h('p', {}, 'Loading…'));
    try {
      const answer = await api('GET', `/api/v2/webhooks${query({ provider: state.provider, senderId: state.senderId, status: state.status, page: state.page, limit: 20 })}`);
      fill(list, h('h2', { id: 'wh-list' }, 'All webhooks'),
        table('Webhooks', ['Webhook', 'Provider', 'Sender', 'Status', 'Endpoint URL', 'Actions'], answer.data.map(row)),
        pager(answer.pagination, (p) => { state.page = p; load(); }));
    } catch (err) {
      fill(list, h('h2', { id: 'wh-list' }, 'All webhooks'), h('p.error', { role: 'alert' }, errorText(err)));
    }
  }

  function row(w) {
    const types = sampleTypes[w.provider] || ['message.inbound.text'];
    const typeSelect = select('type', types.map(t => [t, t]), types.includes('message.status.delivered') ? 'message.status.delivered' : types[0]);
    typeSelect.setAttribute('aria-label', `Test event type for ${w.webhookUid}`);
    const copy = h('button.secondary', { type: 'button', 'aria-label': `Copy the endpoint URL of ${w.webhookUid}`, onclick: () => copyText(w.endpointUrl, copy) }, 'Copy');
    return [
      h('span', { 'data-webhook': w.webhookUid }, w.name ? [h('strong', {}, w.name), h('br')] : null, h('code', {}, w.webhookUid),
        w.declared ? h('span.hint', {}, ' (declared in config: read-only)') : null),
      w.provider,
      w.senderId ? h('code.number', {}, w.senderId) : '—',
      h('span', { class: w.status === 'ACTIVE' ? 'ok' : 'bad' }, w.status),
      h('span', {}, h('code', {}, w.endpointUrl), ' ', copy,
        w.previousSigningSecretExpiresAt ? h('p.hint', {}, `Previous secret valid until ${when(w.previousSigningSecretExpiresAt)}`) : null),
      h('div.actions', {},
        w.declared ? null : h('button.secondary', { type: 'button', onclick: () => toggle(w) }, w.status === 'ACTIVE' ? 'Disable' : 'Enable'),
        w.declared || !w.hasSigningSecret ? null : h('button.secondary', { type: 'button', onclick: () => rotate(w) }, 'Rotate secret'),
        w.declared ? null : h('button.secondary.danger', { type: 'button', 'data-delete': w.webhookUid, onclick: () => remove(w) }, 'Delete'),
        typeSelect,
        h('button', { type: 'button', 'data-test-event': w.webhookUid, onclick: () => testEvent(w, typeSelect.value) }, 'Send a test event')),
    ];
  }

  async function toggle(w) {
    const status = w.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE';
    try {
      await api('POST', `/api/v2/webhooks/${encodeURIComponent(w.webhookUid)}`, { webhook: { status } });
      show(h('p.ok', {}, `${w.webhookUid} is now ${status}.`));
      load();
    } catch (err) { show(h('p.error', { role: 'alert' }, errorText(err))); }
  }

  async function rotate(w) {
    if (!window.confirm(`Rotate the signing secret of ${w.webhookUid}? The old one stays valid for the overlap window.`)) return;
    try {
      const answer = await api('POST', `/api/v2/webhooks/${encodeURIComponent(w.webhookUid)}/rotate-secret`);
      show(secretBox(answer.data, 'New signing secret'));
      load();
    } catch (err) { show(h('p.error', { role: 'alert' }, errorText(err))); }
  }

  async function remove(w) {
    if (!window.confirm(`Delete ${w.webhookUid}? Its endpoint URL answers 404 from then on; the record stays for the audit.`)) return;
    try {
      await api('DELETE', `/api/v2/webhooks/${encodeURIComponent(w.webhookUid)}`);
      show(h('p.ok', { id: 'deleted' }, `${w.webhookUid} is deleted: its endpoint URL answers 404.`));
      load();
    } catch (err) { show(h('p.error', { role: 'alert' }, errorText(err))); }
  }

  async function testEvent(w, type) {
    show(h('p', {}, `Sending a ${type} test event to ${w.webhookUid}…`));
    try {
      const answer = await api('POST', `/console/api/webhooks/${encodeURIComponent(w.webhookUid)}/test-event`, { type });
      const d = answer.data;
      show(h('div.card', { id: 'test-event-result' },
        h('h2', {}, 'Test event'),
        h('dl.facts', {},
          h('dt', {}, 'Webhook'), h('dd', {}, h('code', {}, d.webhookUid)),
          h('dt', {}, 'Type'), h('dd', {}, d.type),
          h('dt', {}, 'Ingress answered'), h('dd', { class: d.status < 300 ? 'ok' : 'bad', id: 'test-event-status' }, String(d.status)),
          h('dt', {}, 'Message id'), h('dd', {}, d.messageId
            ? h('a', { href: `#/messages?messageId=${encodeURIComponent(d.messageId)}`, id: 'test-event-message' }, d.messageId) : '—')),
        h('pre', {}, typeof d.answer === 'string' ? d.answer : JSON.stringify(d.answer, null, 2))));
    } catch (err) { show(h('p.error', { role: 'alert' }, errorText(err))); }
  }

  function show(node) {
    fill(result, node);
    result.scrollIntoView({ block: 'nearest' });
  }

  function createForm() {
    const providerSelect = select('provider', Object.keys(PROVIDERS).map(p => [p, PROVIDERS[p].label]), DEFAULT_PROVIDER);
    const needs = h('div');
    const form = h('form.card', { id: 'create-webhook', 'aria-labelledby': 'create-title' });
    function render() {
      const p = PROVIDERS[providerSelect.value];
      fill(needs,
        h('div.row', {},
          field('Name', h('input', { name: 'name', maxlength: 200 })),
          field('Sender', h('input', { name: 'senderId', required: true }), p.senderHint)),
        h('div.row', {},
          field(p.secret.label + (p.secret.required ? ' (required)' : ''), h('input', { name: 'signingSecret', type: 'password', autocomplete: 'off', required: p.secret.required }), p.secret.hint),
          field(p.token.label + (p.token.required ? ' (required)' : ''), h('input', { name: 'verificationToken', type: 'password', autocomplete: 'off', required: p.token.required }), p.token.hint)),
        h('p.hint', {}, 'Setup at the provider:'),
        h('ol.hint', {}, p.steps.map(s => h('li', {}, s))));
    }
    providerSelect.addEventListener('change', render);
    render();
    form.append(h('h2', { id: 'create-title' }, 'Create a webhook'), field('Provider', providerSelect), needs,
      h('button', { type: 'submit' }, 'Create webhook'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const webhook = { provider: data.get('provider') };
      for (const key of ['name', 'signingSecret', 'verificationToken']) if (data.get(key)) webhook[key] = data.get(key);
      try {
        const answer = await api('POST', '/api/v2/webhooks', { senderId: data.get('senderId').trim(), webhook });
        form.reset();
        render();
        show(secretBox(answer.data, 'Webhook created'));
        load();
      } catch (err) {
        const details = err.body && err.body.details && err.body.details.errors;
        show(h('div', { role: 'alert' }, h('p.error', {}, errorText(err)), details ? h('ul.error', {}, details.map(d => h('li', {}, d))) : null));
      }
    });
    return form;
  }

  api('GET', '/console/api/providers').then((answer) => {
    for (const p of answer.data.providers) sampleTypes[p.name] = p.sampleTypes;
  }).catch(() => { sampleTypes = {}; }).finally(load);
}

function secretBox(w, title) {
  const copy = h('button.secondary', { type: 'button', onclick: () => copyText(w.endpointUrl, copy) }, 'Copy endpoint URL');
  return h('div.secret', { id: 'secret-box' },
    h('h2', {}, title),
    h('dl.facts', {},
      h('dt', {}, 'Webhook'), h('dd', {}, h('code', { id: 'created-uid' }, w.webhookUid)),
      h('dt', {}, 'Endpoint URL'), h('dd', {}, h('code', {}, w.endpointUrl), ' ', copy),
      w.signingSecret ? [h('dt', {}, 'Signing secret'), h('dd', {}, h('code', { id: 'shown-secret' }, w.signingSecret))] : null,
      w.previousSigningSecretExpiresAt ? [h('dt', {}, 'Old secret valid until'), h('dd', { id: 'overlap-end' }, when(w.previousSigningSecretExpiresAt))] : null),
    w.signingSecret ? h('p.note', {}, 'The signing secret is shown this once; it is stored encrypted and never shown again.') : null);
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch (e) {
    button.textContent = 'Select and copy';
  }
}
