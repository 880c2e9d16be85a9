// Feedback board: one column per status; a card moves only along the workflow the server
// allows (its `allowedTransitions`), by buttons or by dragging onto an allowed column.

import { api } from '../api.js';
import { clearFormErrors, describeError, field, flash, h, showFormErrors } from '../dom.js';
import { formatDateTime, label, t } from '../i18n.js';

const statuses = ['open', 'acknowledged', 'in_progress', 'reopened', 'resolved', 'closed'];
const perColumn = 30;
const perDoneColumn = 10; // resolved and closed pile up; the newest few are what a board needs

export async function render() {
  const [counts, ...lists] = await Promise.all([api.get('/v1/feedback/counts'), ...statuses.map((status) =>
    api.get('/v1/feedback', { status, limit: status === 'closed' || status === 'resolved' ? perDoneColumn : perColumn }))]);
  const board = h('div', { class: 'board', id: 'feedback-board' });
  const columns = {};
  statuses.forEach((status, i) => {
    const list = h('ul', { class: 'cards', dataset: { status } });
    const column = h('section', { class: 'column', dataset: { status }, 'aria-labelledby': `col-${status}` },
      h('h2', { id: `col-${status}` }, label('feedbackStatus', status), h('span', { class: 'count', dataset: { total: counts.byStatus[status] ?? lists[i].data.length } },
        String(counts.byStatus[status] ?? lists[i].data.length))),
      list);
    columns[status] = { column, list };
    lists[i].data.forEach((item) => list.append(card(item, columns)));
    acceptDrops(column, status, columns);
  });
  board.append(...statuses.map((status) => columns[status].column));
  return h('section', { class: 'page page-feedback', dataset: { title: t('nav.feedback') } },
    h('h1', {}, t('nav.feedback')), h('p', { class: 'muted' }, t('feedback.help')), board);
}

let dragged = null; // the item being dragged; only within this page's board

function card(item, columns) {
  const node = h('li', {
    class: `feedback-card${item.overdue ? ' overdue' : ''}`, draggable: 'true', dataset: { id: item.id, status: item.status },
  },
  h('p', { class: 'card-title' }, item.subject),
  h('p', { class: 'muted' },
    h('span', { class: `badge urgency-${item.urgency}` }, label('urgency', item.urgency)), ' ',
    `${label('feedbackKind', item.kind)}${item.category ? ` · ${item.category}` : ''}`),
  h('p', { class: 'muted' }, t('dueBy', { time: formatDateTime(item.dueAt) }),
    item.overdue ? h('span', { class: 'badge danger' }, t('overdue')) : null),
  h('p', {}, h('a', { href: `#/customers/${encodeURIComponent(item.customerId)}` }, t('feedback.customerFile'))),
  h('div', { class: 'actions' }, item.allowedTransitions.map((to) => h('button', {
    type: 'button', class: 'small', dataset: { to }, onclick: () => move(item, to, node, columns),
  }, `→ ${label('feedbackStatus', to)}`))));
  node.addEventListener('dragstart', (event) => {
    dragged = { item, node };
    event.dataTransfer.setData('text/plain', item.id);
    for (const to of item.allowedTransitions) columns[to].column.classList.add('drop-allowed');
  });
  node.addEventListener('dragend', () => {
    dragged = null;
    Object.values(columns).forEach(({ column }) => column.classList.remove('drop-allowed', 'drop-over'));
  });
  return node;
}

function acceptDrops(column, status, columns) {
  const allowed = () => dragged && dragged.item.allowedTransitions.includes(status);
  column.addEventListener('dragover', (event) => {
    if (!allowed()) return; // not calling preventDefault refuses the drop
    event.preventDefault();
    column.classList.add('drop-over');
  });
  column.addEventListener('dragleave', () => column.classList.remove('drop-over'));
  column.addEventListener('drop', (event) => {
    event.preventDefault();
    if (allowed()) move(dragged.item, status, dragged.node, columns);
  });
}

/** Moves an item; resolving needs a resolution text, asked for in the card itself. */
function move(item, to, node, columns) {
  if (to === 'resolved') { askResolution(item, node, columns); return; }
  send(item, { to }, node, columns);
}

function askResolution(item, node, columns) {
  node.querySelectorAll('.resolution-form').forEach((form) => form.remove());
  const text = h('textarea', { name: 'resolution', id: `resolution-${item.id}`, rows: '2', required: true });
  const form = h('form', { class: 'resolution-form', novalidate: true },
    field(t('feedback.resolution'), text),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary small' }, t('feedback.resolve')),
      h('button', { type: 'button', class: 'small', onclick: () => form.remove() }, t('cancel'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFormErrors(form);
    if (!text.value.trim()) {
      showFormErrors(form, { fieldErrors: [{ field: 'resolution', message: t('feedback.resolutionRequired') }] });
      return;
    }
    send(item, { to: 'resolved', resolution: text.value.trim() }, node, columns, form);
  });
  node.append(form);
  text.focus();
}

async function send(item, body, node, columns, form) {
  node.querySelectorAll('button').forEach((button) => { button.disabled = true; });
  try {
    const updated = await api.post(`/v1/feedback/${encodeURIComponent(item.id)}/transitions`, body);
    const replacement = card(updated, columns);
    node.remove();
    columns[updated.status].list.prepend(replacement);
    adjustCount(columns[item.status].column, -1);
    adjustCount(columns[updated.status].column, 1);
    replacement.querySelector('button')?.focus();
    flash(t('feedback.moved', { subject: updated.subject, status: label('feedbackStatus', updated.status) }), 'success');
  } catch (error) {
    node.querySelectorAll('button').forEach((button) => { button.disabled = false; });
    if (form) showFormErrors(form, error); else flash(describeError(error));
  }
}

/** Column headers show the server's totals (not just the cards loaded), kept current after a move. */
function adjustCount(column, delta) {
  const count = column.querySelector('.count');
  count.dataset.total = String(Number(count.dataset.total) + delta);
  count.textContent = count.dataset.total;
}
