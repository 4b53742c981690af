import { api, loadSession } from './api.js';
import { fill, h, when } from './dom.js';
import webhooks from './pages/webhooks.js';
import traffic from './pages/traffic.js';
import messages from './pages/messages.js';
import conversations from './pages/conversations.js';
import templates from './pages/templates.js';
import deadLetters from './pages/dead-letters.js';

// hash routes: #/page?param=value; each page is render(main, params) and may return a stop() for its timers
const pages = { webhooks, traffic, messages, conversations, templates, 'dead-letters': deadLetters };
const main = document.getElementById('main');
let stop = null;

function route() {
  const [path, search] = (location.hash.replace(/^#\/?/, '') || 'webhooks').split('?');
  const name = pages[path] ? path : 'webhooks';
  if (stop) { stop(); stop = null; }
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  fill(main);
  document.title = `${document.querySelector(`#nav a[href="#/${name}"]`).textContent} · Event Gateway console`;
  const result = pages[name](main, new URLSearchParams(search || ''));
  if (typeof result === 'function') stop = result;
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try { await api('POST', '/console/api/sign-out'); } finally { location.assign('/console/sign-in.html'); }
});

loadSession().then((session) => {
  document.getElementById('session-end').textContent = `Session until ${when(session.expiresAt)}`;
  window.addEventListener('hashchange', route);
  route();
}).catch(() => fill(main, h('p', {}, 'Signing in…')));
