// Customers: search as you type (Chinese input methods included), filters, cursor paging.

import { api } from '../api.js';
import { debounce, describeError, field, flash, h, select } from '../dom.js';
import { formatMoney, formatDate, label, t } from '../i18n.js';
import { current, replaceQuery } from '../router.js';

const tiers = ['vip', 'normal', 'potential'];
const stages = ['potential', 'first_purchase', 'repeat', 'loyal', 'churned'];
const pageSize = 25;

export async function render(_params, query) {
  const users = await loadUsers();
  const state = { q: query.q || '', tier: query.tier || '', stage: query.stage || '', tag: query.tag || '', region: query.region || '', ownerId: query.ownerId || '' };
  const results = h('ul', { class: 'customer-list', id: 'customer-results', 'aria-live': 'polite' });
  const summary = h('p', { class: 'muted', id: 'customer-summary' });
  const more = h('button', { type: 'button', id: 'load-more', hidden: true }, t('loadMore'));
  let cursor = null;
  let generation = 0;

  async function load(append) {
    const mine = ++generation;
    const filters = Object.fromEntries(Object.entries(state).filter(([, v]) => v));
    try {
      const page = await api.get('/v1/customers', { ...filters, limit: pageSize, cursor: append ? cursor : undefined });
      if (mine !== generation) return; // a newer keystroke already asked again
      if (!append) results.replaceChildren();
      results.append(...page.data.map((c) => row(c, users)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      summary.textContent = results.children.length ? t('customers.shown', { n: results.children.length }) : '';
      if (!results.children.length) results.append(h('li', { class: 'empty' }, t('customers.none')));
      if (current().path === '/customers') replaceQuery(state); // not once the user has moved on
    } catch (error) {
      if (mine === generation) flash(describeError(error));
    }
  }

  const search = h('input', { type: 'search', name: 'q', id: 'customer-search', value: state.q, autocomplete: 'off', placeholder: t('customers.searchHint') });
  // An IME composes Chinese through intermediate Latin text (zhang → 张): search only once a
  // character is committed, not on every pinyin keystroke.
  let composing = false;
  const searchLater = debounce(() => { state.q = search.value.trim(); load(false); }, 250);
  search.addEventListener('compositionstart', () => { composing = true; });
  search.addEventListener('compositionend', () => { composing = false; searchLater(); });
  search.addEventListener('input', () => { if (!composing) searchLater(); });

  const filterControl = (name, options) => {
    const control = select(name, [['', t('all')], ...options], state[name], { id: `filter-${name}` });
    control.addEventListener('change', () => { state[name] = control.value; load(false); });
    return control;
  };
  const textFilter = (name) => {
    const input = h('input', { name, id: `filter-${name}`, value: state[name], autocomplete: 'off' });
    input.addEventListener('change', () => { state[name] = input.value.trim(); load(false); });
    return input;
  };
  more.addEventListener('click', () => load(true));

  const filters = h('form', { class: 'filters card', role: 'search', onsubmit: (e) => { e.preventDefault(); searchLater(); } },
    field(t('customers.search'), search),
    field(t('field.tier'), filterControl('tier', tiers.map((v) => [v, label('tier', v)]))),
    field(t('field.stage'), filterControl('stage', stages.map((v) => [v, label('stage', v)]))),
    field(t('field.tag'), textFilter('tag')),
    field(t('field.region'), textFilter('region')),
    users.length ? field(t('field.owner'), filterControl('ownerId', users.map((u) => [u.id, u.name]))) : null);

  await load(false);
  return h('section', { class: 'page page-customers', dataset: { title: t('nav.customers') } },
    h('h1', {}, t('nav.customers')), filters, summary, results, more);
}

async function loadUsers() {
  try {
    return (await api.get('/v1/users', { limit: 500 })).data;
  } catch {
    return []; // a role that may not list users simply gets no owner filter
  }
}

function row(customer, users) {
  const owner = users.find((u) => u.id === customer.ownerId);
  return h('li', { class: 'customer-row' },
    h('div', { class: 'row-main' },
      h('a', { href: `#/customers/${encodeURIComponent(customer.id)}`, class: 'customer-name' }, customer.name),
      h('span', { class: `badge tier-${customer.tier}` }, label('tier', customer.tier)),
      h('span', { class: 'badge' }, label('stage', customer.stage))),
    h('div', { class: 'row-detail muted' },
      [customer.company, customer.phone, customer.region, owner && owner.name].filter(Boolean).join(' · ')),
    h('div', { class: 'row-figures' },
      h('span', {}, formatMoney(customer.stats.totalSpent)),
      h('span', { class: 'muted' }, t('customers.lastPurchase', { date: formatDate(customer.stats.lastPurchaseAt) }))),
    customer.tags.length ? h('div', { class: 'tags' }, customer.tags.map((tag) => h('span', { class: 'tag' }, tag))) : null);
}

