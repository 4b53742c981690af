const form = document.getElementById('sign-in-form');
const error = document.getElementById('sign-in-error');
const note = document.getElementById('sign-in-note');
const params = new URLSearchParams(location.search);
if (params.has('expired')) {
  note.textContent = 'Your session has ended. Sign in again.';
  note.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const token = document.getElementById('token').value;
  const response = await fetch('/console/api/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.ok) {
    const next = params.get('next') || '';
    location.assign(`/console/${next.startsWith('#/') ? next : '#/webhooks'}`);
    return;
  }
  let body = {};
  try { body = await response.json(); } catch (e) { body = {}; }
  error.textContent = `${body.message || 'Sign-in failed'} (${body.error_code || response.status})`;
});
