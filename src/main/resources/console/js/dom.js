// Building DOM nodes from data: text always goes in as text (never as HTML), so nothing the gateway stored can
// become markup or script.

/** h('tag.class', {attr: value, onclick: fn}, child, …): an element; children may be strings, nodes, arrays or null. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Replaces an element's children, taking what h() takes: strings, nodes, arrays (flattened) and null (skipped).
 * The DOM's own replaceChildren would print an array as "[object HTMLElement],…" and null as "null".
 */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
/** A labelled form field: the label's for= names the control's id. */
export function field(label, control, hint) {
  const id = control.id || `f${++ids}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div.field', {}, h('label', { for: id }, label), control, hint ? h('p.hint', { id: hintId }, hint) : null);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** A table with a caption for screen readers; rows are arrays of cells. */
export function table(caption, headers, rows) {
  return h('div.table-wrap', {},
    h('table', {},
      h('caption.skip', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows.length ? rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c))))
        : h('tr', {}, h('td', { colspan: headers.length }, 'Nothing to show.')))));
}

/** Previous / next over a server-side page ({page, totalPages, total}); go(page) loads another. */
export function pager(pagination, go) {
  if (!pagination) return null;
  const { page, totalPages, total } = pagination;
  return h('nav.pager', { 'aria-label': 'Pages' },
    h('button.secondary', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, 'Previous'),
    h('span', {}, `Page ${page} of ${Math.max(1, totalPages ?? 1)} · ${total} in all`),
    h('button.secondary', { type: 'button', disabled: !pagination.hasMore, onclick: () => go(page + 1) }, 'Next'));
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function errorText(err) {
  return err && err.body && err.body.message ? `${err.body.message} (${err.body.error_code || err.status})`
    : String(err && err.message ? err.message : err);
}
