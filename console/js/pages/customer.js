// Customer file: profile with inline edit (If-Match, 412 handled), figures, contacts,
// purchases, interactions, the timeline, and duplicate hints with merge and undo.

import { api, request } from '../api.js';
import { describeError, empty, flash, h } from '../dom.js';
import { formatDate, formatDateTime, formatMoney, formatNumber, label, t } from '../i18n.js';
import { profileSection } from './customer-profile.js';
import { duplicatesSection } from './customer-duplicates.js';

export async function render({ id }) {
  const path = `/v1/customers/${encodeURIComponent(id)}`;
  const [{ data: customer, etag }, contacts, purchases, interactions] = await Promise.all([
    request('GET', path),
    api.get(`${path}/contacts`, { limit: 20 }),
    api.get(`${path}/purchases`, { limit: 10 }),
    api.get(`${path}/interactions`, { limit: 10 }),
  ]);
  const view = h('section', { class: 'page page-customer', dataset: { title: customer.name } });
  view.append(
    h('p', {}, h('a', { href: '#/customers' }, `← ${t('nav.customers')}`)),
    h('h1', {}, customer.name, ' ', h('span', { class: `badge tier-${customer.tier}` }, label('tier', customer.tier)),
      ' ', h('span', { class: 'badge' }, label('stage', customer.stage))),
    figures(customer.stats),
    h('div', { class: 'columns' },
      h('div', {},
        profileSection(customer, etag),
        duplicatesSection(customer),
        contactsSection(contacts.data),
        purchasesSection(purchases.data),
        interactionsSection(interactions.data)),
      h('div', {}, await timelineSection(path))));
  return view;
}

function figures(stats) {
  const tile = (value, key) => h('li', {}, h('strong', {}, value), h('span', {}, t(key)));
  return h('ul', { class: 'tiles' },
    tile(formatMoney(stats.totalSpent), 'stats.totalSpent'),
    tile(formatNumber(stats.purchaseCount), 'stats.purchaseCount'),
    tile(formatDate(stats.lastPurchaseAt), 'stats.lastPurchaseAt'),
    tile(formatNumber(stats.interactions30d), 'stats.interactions30d'),
    tile(formatNumber(stats.openFeedback), 'stats.openFeedback'));
}

function contactsSection(contacts) {
  return h('section', { class: 'card', id: 'customer-contacts' }, h('h2', {}, t('customer.contacts')),
    contacts.length ? h('ul', { class: 'plain' }, contacts.map((c) => h('li', {},
      h('strong', {}, c.name), ' ', h('span', { class: 'muted' }, [c.title, c.phone, c.email].filter(Boolean).join(' · ')))))
      : empty(t('customer.noContacts')));
}

function purchasesSection(purchases) {
  return h('section', { class: 'card', id: 'customer-purchases' }, h('h2', {}, t('customer.purchases')),
    purchases.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['purchase.date', 'purchase.product', 'purchase.channel', 'purchase.amount'].map((key) =>
        h('th', { scope: 'col', class: key === 'purchase.amount' ? 'number' : null }, t(key))))),
      h('tbody', {}, purchases.map((p) => h('tr', {},
        h('td', {}, formatDate(p.purchasedAt)), h('td', {}, p.product || p.category || '—'),
        h('td', {}, p.channel || '—'), h('td', { class: 'number' }, formatMoney(p.amount, p.currency)))))))
      : empty(t('customer.noPurchases')));
}

function interactionsSection(interactions) {
  return h('section', { class: 'card', id: 'customer-interactions' }, h('h2', {}, t('customer.interactions')),
    interactions.length ? h('ul', { class: 'plain' }, interactions.map((i) => h('li', {},
      h('span', { class: 'muted' }, `${formatDateTime(i.occurredAt)} · ${label('channel', i.channel)} · ${label('direction', i.direction)}`),
      h('br'), i.summary, i.outcome ? h('span', { class: 'muted' }, ` — ${i.outcome}`) : null)))
      : empty(t('customer.noInteractions')));
}

async function timelineSection(path) {
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  const more = h('button', { type: 'button', hidden: true }, t('loadMore'));
  let cursor = null;
  async function load() {
    try {
      const page = await api.get(`${path}/timeline`, { limit: 20, cursor });
      list.append(...page.data.map(timelineItem));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      if (!list.children.length) list.append(h('li', { class: 'empty' }, t('customer.noTimeline')));
    } catch (error) {
      flash(describeError(error));
    }
  }
  more.addEventListener('click', load);
  await load();
  return h('section', { class: 'card', id: 'customer-timeline' }, h('h2', {}, t('customer.timeline')), list, more);
}

function timelineItem(entry) {
  const detail = entry.detail || {};
  const extra = [];
  if (entry.kind === 'purchase' && detail.amount !== undefined) extra.push(formatMoney(detail.amount, detail.currency));
  if (detail.status) extra.push(label(entry.kind === 'follow_up' ? 'taskStatus' : 'feedbackStatus', detail.status));
  if (detail.stage) extra.push(label('dealStage', detail.stage));
  if (detail.outcome) extra.push(detail.outcome);
  if (detail.result) extra.push(detail.result);
  return h('li', { class: `timeline-item kind-${entry.kind}` },
    h('span', { class: 'timeline-kind' }, label('timelineKind', entry.kind)),
    h('time', { datetime: entry.occurredAt }, formatDateTime(entry.occurredAt)),
    h('p', { class: 'timeline-title' }, entry.title || '—'),
    extra.length ? h('p', { class: 'muted' }, extra.join(' · ')) : null);
}
