// Agenda: today's overdue and due follow-ups (complete in one click, or with a short result),
// care reminders, and new feedback assigned to me.

import { api } from '../api.js';
import { clearFormErrors, describeError, empty, field, flash, h, select, showFormErrors } from '../dom.js';
import { formatDate, formatDateTime, formatTime, label, t } from '../i18n.js';

const channels = ['phone', 'wechat', 'email', 'visit', 'sms', 'meeting', 'social', 'other'];

export async function render() {
  const day = await api.get('/v1/agenda');
  return h('section', { class: 'page page-agenda', dataset: { title: t('nav.agenda') } },
    h('h1', {}, t('agenda.title', { date: formatDate(day.date) })),
    counts(day.counts),
    h('div', { class: 'columns' },
      h('div', {},
        taskSection('overdue', t('agenda.overdue'), day.overdue),
        taskSection('due', t('agenda.due'), day.due)),
      h('div', {},
        careSection(day.care),
        feedbackSection(day.feedback))));
}

function counts(c) {
  const item = (value, key) => h('li', {}, h('strong', {}, value), h('span', {}, t(key)));
  return h('ul', { class: 'tiles' }, item(c.overdue, 'agenda.overdue'), item(c.due, 'agenda.due'),
    item(c.done, 'agenda.done'), item(c.care, 'agenda.care'), item(c.feedback, 'agenda.feedback'));
}

function taskSection(id, title, tasks) {
  return h('section', { class: 'card', id: `agenda-${id}`, 'aria-labelledby': `agenda-${id}-title` },
    h('h2', { id: `agenda-${id}-title` }, `${title} (${tasks.length})`),
    tasks.length ? h('ul', { class: 'tasks' }, tasks.map(taskItem)) : empty(t('agenda.none')));
}

function taskItem(task) {
  const item = h('li', { class: `task${task.overdue ? ' overdue' : ''}${task.status === 'done' ? ' done' : ''}`, dataset: { id: task.id } });
  const head = h('div', { class: 'task-head' },
    h('a', { href: `#/customers/${encodeURIComponent(task.customer.id)}` }, task.customer.name),
    h('span', { class: `badge tier-${task.customer.tier}` }, label('tier', task.customer.tier)),
    h('span', { class: 'muted' }, `${label('kind', task.kind)} · ${task.overdue ? formatDateTime(task.dueAt) : formatTime(task.dueAt)}`),
    task.overdue ? h('span', { class: 'badge danger' }, t('overdue')) : null);
  item.append(head, h('p', {}, task.purpose || '—'));
  if (task.status !== 'pending') {
    item.append(h('p', { class: 'muted' }, `${label('taskStatus', task.status)} ${formatDateTime(task.completedAt)}`));
    return item;
  }
  const quick = h('button', { type: 'button', class: 'primary', onclick: () => complete(task, {}, item) }, t('agenda.complete'));
  const more = h('button', { type: 'button', onclick: () => { actions.hidden = true; item.append(resultForm(task, item, actions)); } }, t('agenda.withResult'));
  const actions = h('div', { class: 'actions' }, quick, more);
  item.append(actions);
  return item;
}

function resultForm(task, item, actions) {
  const outcome = h('input', { name: 'outcome', id: `outcome-${task.id}`, maxlength: '500' });
  const summary = h('textarea', { name: 'summary', id: `summary-${task.id}`, rows: '2', maxlength: '2000', placeholder: task.purpose || '' });
  const form = h('form', { class: 'result-form', novalidate: true },
    field(t('agenda.summary'), summary), field(t('agenda.outcome'), outcome),
    field(t('agenda.channel'), select('channel', [['', t('agenda.channelDefault')], ...channels.map((c) => [c, label('channel', c)])], '')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('agenda.saveResult')),
      h('button', { type: 'button', onclick: () => { form.remove(); actions.hidden = false; } }, t('cancel'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {};
    const data = new FormData(form);
    for (const name of ['summary', 'outcome', 'channel']) if (String(data.get(name)).trim()) body[name] = String(data.get(name)).trim();
    complete(task, body, item, form);
  });
  setTimeout(() => summary.focus(), 0);
  return form;
}

async function complete(task, body, item, form) {
  item.querySelectorAll('button').forEach((button) => { button.disabled = true; });
  if (form) clearFormErrors(form);
  try {
    await api.post(`/v1/follow-ups/${encodeURIComponent(task.id)}/complete`, body);
    item.classList.add('done');
    item.classList.remove('overdue');
    item.querySelectorAll('.actions, form').forEach((node) => node.remove());
    item.append(h('p', { class: 'success', role: 'status' }, t('agenda.completed')));
  } catch (error) {
    item.querySelectorAll('button').forEach((button) => { button.disabled = false; });
    if (form) { showFormErrors(form, error); return; }
    if (error.status === 409) flash(t('agenda.alreadyDone')); else flash(describeError(error));
  }
}

function careSection(care) {
  return h('section', { class: 'card', id: 'agenda-care' }, h('h2', {}, `${t('agenda.care')} (${care.length})`),
    care.length ? h('ul', { class: 'plain' }, care.map((c) => h('li', {},
      c.customer ? h('a', { href: `#/customers/${encodeURIComponent(c.customer.id)}` }, c.customer.name) : h('span', {}, '—'),
      ` · ${c.name || label('occasion', c.occasion)} · ${formatDate(c.date)} `,
      h('span', { class: 'muted' }, c.daysUntil === 0 ? t('agenda.today') : t('agenda.inDays', { n: c.daysUntil })))))
      : empty(t('agenda.noCare')));
}

function feedbackSection(items) {
  return h('section', { class: 'card', id: 'agenda-feedback' }, h('h2', {}, `${t('agenda.feedback')} (${items.length})`),
    items.length ? h('ul', { class: 'plain' }, items.map((f) => h('li', { class: f.overdue ? 'overdue' : '' },
      h('a', { href: '#/feedback' }, f.subject), ' ',
      h('span', { class: `badge urgency-${f.urgency}` }, label('urgency', f.urgency)), ' ',
      h('span', { class: 'muted' }, `${label('feedbackKind', f.kind)} · ${f.customer.name} · ${t('dueBy', { time: formatDateTime(f.dueAt) })}`),
      f.overdue ? h('span', { class: 'badge danger' }, t('overdue')) : null)))
      : empty(t('agenda.noFeedback')));
}
