// The profile card of a customer file: read view, and an inline edit form that sends only
// the changed fields as a merge patch with If-Match, so a stale edit gets 412, not a lost update.

import { request } from '../api.js';
import { clearFlash, clearFormErrors, field, flash, h, select, showFormErrors } from '../dom.js';
import { formatDate, formatNumber, label, t } from '../i18n.js';

const textFields = ['name', 'phone', 'email', 'wechat', 'company', 'occupation', 'region', 'address'];

export function profileSection(customer, etag) {
  const card = h('section', { class: 'card', id: 'customer-profile', 'aria-labelledby': 'profile-title' });
  showRead(card, customer, etag);
  return card;
}

function showRead(card, customer, etag) {
  const row = (key, value) => [h('dt', {}, t(`field.${key}`)), h('dd', {}, value || '—')];
  card.replaceChildren(
    h('div', { class: 'card-head' }, h('h2', { id: 'profile-title' }, t('customer.profile')),
      h('button', { type: 'button', id: 'edit-profile', onclick: () => showEdit(card, customer, etag) }, t('edit'))),
    h('dl', { class: 'profile' },
      row('type', label('customerType', customer.type)),
      ...textFields.slice(1).map((key) => row(key, customer[key])),
      row('birthday', customer.birthday && formatDate(customer.birthday)),
      row('source', customer.source), row('industry', customer.industry),
      row('tier', `${label('tier', customer.tier)}${customer.tierLocked ? ` (${t('customer.tierLocked')})` : ''}`),
      row('tags', customer.tags.join('、')),
      row('notes', customer.notes),
      ...Object.entries(customer.attributes || {}).flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, attributeText(value))])));
}

/** Custom field values are strings, numbers or booleans; booleans read as yes or no. */
function attributeText(value) {
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

function showEdit(card, customer, etag) {
  const input = (key, attributes = {}) => field(t(`field.${key}`),
    h('input', { name: key, id: `edit-${key}`, value: customer[key] ?? '', ...attributes }));
  const form = h('form', { class: 'edit-form', novalidate: true },
    ...textFields.map((key) => input(key, key === 'name' ? { required: true } : key === 'email' ? { type: 'email' } : {})),
    field(t('field.tier'), select('tier', [['', t('customer.tierAuto')], ...['vip', 'normal', 'potential'].map((v) => [v, label('tier', v)])],
      customer.tierLocked ? customer.tier : '', { id: 'edit-tier' })),
    field(t('field.tags'), h('input', { name: 'tags', id: 'edit-tags', value: customer.tags.join(', ') })),
    field(t('field.notes'), h('textarea', { name: 'notes', id: 'edit-notes', rows: '3' }, customer.notes || '')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('save')),
      h('button', { type: 'button', onclick: () => showRead(card, customer, etag) }, t('cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const patch = changes(customer, new FormData(form));
    if (!Object.keys(patch).length) { showRead(card, customer, etag); return; }
    try {
      const saved = await request('PATCH', `/v1/customers/${encodeURIComponent(customer.id)}`, { body: patch, ifMatch: etag });
      clearFlash();
      showRead(card, saved.data, saved.etag);
      flash(t('customer.saved'), 'success');
    } catch (error) {
      if (error.status === 412) { conflict(card, customer, form); return; }
      showFormErrors(form, error);
    }
  });
  card.replaceChildren(h('h2', { id: 'profile-title' }, t('customer.editProfile')), form);
  form.querySelector('input').focus();
}

/** Someone saved the customer since it was loaded: offer their version, keep our typing visible. */
async function conflict(card, stale, form) {
  const latest = await request('GET', `/v1/customers/${encodeURIComponent(stale.id)}`);
  const changed = textFields.concat(['notes']).filter((key) => (latest.data[key] ?? '') !== (stale[key] ?? ''));
  const notice = h('div', { class: 'conflict', role: 'alert', id: 'edit-conflict' },
    h('p', {}, t('customer.conflict')),
    changed.length ? h('p', {}, t('customer.conflictFields', { fields: changed.map((key) => t(`field.${key}`)).join('、') })) : null,
    h('button', { type: 'button', class: 'primary', onclick: () => showEdit(card, latest.data, latest.etag) }, t('customer.editLatest')));
  form.before(notice);
  flash(t('customer.conflict'));
}

function changes(customer, data) {
  const patch = {};
  for (const key of [...textFields, 'notes']) {
    const value = String(data.get(key) ?? '').trim();
    if (value !== (customer[key] ?? '')) patch[key] = value === '' ? null : value;
  }
  const tags = String(data.get('tags')).split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean);
  if (tags.join('\u0000') !== customer.tags.join('\u0000')) patch.tags = tags;
  const tier = String(data.get('tier'));
  if (tier && (tier !== customer.tier || !customer.tierLocked)) patch.tier = tier;
  if (!tier && customer.tierLocked) patch.tier = null; // back to the computed tier
  return patch;
}
