// Entry point: the frame (navigation, language toggle, sign-out) and the route table.

import { session, setUnauthorizedHandler } from './api.js';
import { clear, clearFlash, describeError, flash, h, loading } from './dom.js';
import { currentLanguage, setLanguage, t } from './i18n.js';
import { current, match, navigate, route } from './router.js';
import * as agenda from './pages/agenda.js';
import * as customer from './pages/customer.js';
import * as customers from './pages/customers.js';
import * as dashboard from './pages/dashboard.js';
import * as feedback from './pages/feedback.js';
import * as signin from './pages/signin.js';

const pages = [
  ['/agenda', 'nav.agenda'],
  ['/customers', 'nav.customers'],
  ['/feedback', 'nav.feedback'],
  ['/dashboard', 'nav.dashboard'],
];

route('/signin', signin.render);
route('/agenda', agenda.render);
route('/customers', customers.render);
route('/customers/:id', customer.render);
route('/feedback', feedback.render);
route('/dashboard', dashboard.render);

function renderFrame(path) {
  const signedIn = Boolean(session.key());
  document.getElementById('nav').replaceChildren(...(signedIn ? pages.map(([target, key]) => h('a', {
    href: `#${target}`, 'aria-current': path === target || path.startsWith(`${target}/`) ? 'page' : false,
  }, t(key))) : []));
  const lang = document.getElementById('lang');
  lang.textContent = currentLanguage() === 'zh' ? 'English' : '中文';
  lang.setAttribute('aria-label', t('switchLanguage'));
  const out = document.getElementById('signout');
  out.hidden = !signedIn;
  out.textContent = t('signOut');
}

let renderCount = 0;

async function show() {
  const { path, query } = current();
  if (!session.key() && path !== '/signin') { navigate('/signin'); return; }
  if (path === '/' || path === '') { navigate(session.key() ? '/agenda' : '/signin'); return; }
  renderFrame(path);
  clearFlash();
  const main = document.getElementById('main');
  const found = match(path);
  const ticket = ++renderCount;
  clear(main).append(loading());
  if (!found) { clear(main).append(h('h1', {}, t('notFound'))); return; }
  try {
    const view = await found.entry.render(found.params, query);
    // A slower earlier page must not replace the page the user moved on to.
    if (ticket !== renderCount) return;
    clear(main).append(view);
    document.title = `${view.dataset.title || t('nav.' + path.split('/')[1])} · Kehu`;
    main.focus({ preventScroll: true });
  } catch (error) {
    if (ticket !== renderCount) return;
    clear(main).append(h('h1', {}, t('loadFailed')));
    flash(describeError(error));
  }
}

setUnauthorizedHandler(() => {
  session.signOut();
  navigate('/signin');
  flash(t('sessionExpired'));
});

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
  show();
});

document.getElementById('signout').addEventListener('click', () => {
  session.signOut();
  navigate('/signin');
});

window.addEventListener('hashchange', show);
show();
