// Accessibility checks run in the page by the console's browser test: every visible form control has a label
// (label[for], a wrapping label, aria-label or aria-labelledby), and every visible text meets the WCAG 2 AA contrast
// ratio against its effective background (4.5:1, or 3:1 for large text). Returns the problems found, as strings.
const problems = [];
function visible(el) {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.right > 0 && r.bottom > 0;
}
function describe(el) {
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
}
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden' || !visible(el)) continue;
  const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  if (!labelled) problems.push('no label: ' + describe(el));
}
function rgba(text) {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(',').map(x => parseFloat(x));
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let out = [255, 255, 255];
  for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
  return out;
}
function luminance(c) {
  const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
for (const el of document.body.querySelectorAll('*')) {
  const text = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
  if (!text || !visible(el) || el.closest('.skip')) continue;
  const s = getComputedStyle(el);
  const fg = rgba(s.color);
  const bg = background(el);
  const fgMixed = fg.slice(0, 3).map((v, i) => v * fg[3] * parseFloat(s.opacity) + bg[i] * (1 - fg[3] * parseFloat(s.opacity)));
  const l1 = luminance(fgMixed), l2 = luminance(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
  const disabled = el.disabled || el.closest('button:disabled');
  if (!disabled && ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ': ' + describe(el));
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
}
return problems;
