// Sign-in: the API key is checked against the server once, then kept in sessionStorage.

import { request, session } from '../api.js';
import { clearFormErrors, field, h, showFormErrors } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

export async function render() {
  const input = h('input', {
    id: 'api-key', name: 'key', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn.submit'));
  const form = h('form', { class: 'card signin', novalidate: true }, field(t('signIn.key'), input),
    h('p', { class: 'hint' }, t('signIn.hint')), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const key = input.value.trim();
    if (!key) {
      showFormErrors(form, { fieldErrors: [{ field: 'key', message: t('signIn.required') }] });
      return;
    }
    submit.disabled = true;
    try {
      // Any cheap authenticated call proves the key; the agenda is every role's first page.
      await request('GET', '/v1/agenda', { key });
      session.signIn(key);
      navigate('/agenda');
    } catch (error) {
      const message = error.status === 401 ? t('signIn.rejected') : error.message;
      showFormErrors(form, { ...error, fieldErrors: [{ field: 'key', message }] });
    } finally {
      submit.disabled = false;
    }
  });
  const view = h('section', { class: 'page page-signin', dataset: { title: t('signIn.title') } },
    h('h1', {}, t('signIn.title')), h('p', {}, t('signIn.intro')), form);
  setTimeout(() => input.focus(), 0);
  return view;
}
