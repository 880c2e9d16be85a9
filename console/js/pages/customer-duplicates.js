// Duplicate hints on a customer file: pairs that include this customer, a dry-run preview,
// the merge (the other customer into this one), and undo while nothing changed since.

import { api, request } from '../api.js';
import { describeError, empty, flash, h } from '../dom.js';
import { label, t } from '../i18n.js';

const pageLimit = 500;
const maxPages = 4; // the list has no per-customer filter; a few pages cover any real book

export function duplicatesSection(customer) {
  const card = h('section', { class: 'card', id: 'customer-duplicates' }, h('h2', {}, t('customer.duplicates')),
    h('p', { class: 'loading' }, t('loading')));
  findPairs(customer.id).then((pairs) => {
    card.replaceChildren(h('h2', {}, t('customer.duplicates')),
      pairs.length ? h('ul', { class: 'plain' }, pairs.map((pair) => pairItem(customer, pair))) : empty(t('customer.noDuplicates')));
  }).catch((error) => {
    card.replaceChildren(h('h2', {}, t('customer.duplicates')), h('p', { class: 'error' }, describeError(error)));
  });
  return card;
}

async function findPairs(id) {
  const found = [];
  let cursor;
  for (let page = 0; page < maxPages; page += 1) {
    const list = await api.get('/v1/customers/duplicates', { limit: pageLimit, cursor });
    found.push(...list.data.filter((pair) => pair.customers.some((c) => c.id === id)));
    cursor = list.nextCursor;
    if (!cursor) break;
  }
  return found;
}

function pairItem(customer, pair) {
  const other = pair.customers.find((c) => c.id !== customer.id);
  const item = h('li', { class: 'duplicate' },
    h('a', { href: `#/customers/${encodeURIComponent(other.id)}` }, other.name), ' ',
    h('span', { class: 'muted' }, [other.company, other.phone, other.email].filter(Boolean).join(' · ')), ' ',
    ...pair.reasons.map((reason) => h('span', { class: 'badge' }, label('reason', reason))));
  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', onclick: () => preview(customer, other, item, actions) }, t('merge.preview')));
  item.append(actions);
  return item;
}

async function preview(customer, other, item, actions) {
  try {
    const dry = await api.post(`/v1/customers/${encodeURIComponent(customer.id)}/merge`, { sourceId: other.id, dryRun: true });
    const moves = Object.entries(dry.moves || {}).filter(([, ids]) => Array.isArray(ids) && ids.length)
      .map(([kind, ids]) => `${label('moves', kind)} ${ids.length}`);
    actions.replaceChildren(
      h('p', {}, t('merge.explain', { source: other.name, target: customer.name })),
      h('p', { class: 'muted' }, moves.length ? moves.join(' · ') : t('merge.nothingMoves')),
      dry.conflicts.length ? h('p', { class: 'muted' }, t('merge.conflicts', {
        fields: dry.conflicts.map((c) => c.field).join('、'),
      })) : null,
      h('button', { type: 'button', class: 'primary', onclick: () => merge(customer, other, actions) }, t('merge.confirm')),
      h('button', { type: 'button', onclick: () => item.replaceWith(pairItem(customer, { customers: [customer, other], reasons: [] })) }, t('cancel')));
  } catch (error) {
    flash(describeError(error));
  }
}

async function merge(customer, other, actions) {
  try {
    const record = await api.post(`/v1/customers/${encodeURIComponent(customer.id)}/merge`, { sourceId: other.id, dryRun: false });
    actions.replaceChildren(h('p', { class: 'success', role: 'status' }, t('merge.done', { source: other.name })),
      h('button', { type: 'button', onclick: () => undo(record.id, actions) }, t('merge.undo')));
  } catch (error) {
    flash(describeError(error));
  }
}

async function undo(mergeID, actions) {
  try {
    await request('POST', `/v1/merges/${encodeURIComponent(mergeID)}/undo`);
    actions.replaceChildren(h('p', { class: 'success', role: 'status' }, t('merge.undone')),
      h('button', { type: 'button', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }, t('reload')));
  } catch (error) {
    flash(error.status === 409 ? t('merge.undoConflict') : describeError(error));
  }
}
