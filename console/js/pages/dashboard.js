// Manager's dashboard: key figures, tier and stage breakdown, RFM segments, the deal funnel,
// satisfaction and NPS by month, follow-up compliance by owner, and the churn-risk list.

import { api } from '../api.js';
import { barChart, donutChart, funnelChart, lineChart } from '../charts.js';
import { h } from '../dom.js';
import { formatDate, formatMoney, formatMonth, formatNumber, formatPercent, label, t } from '../i18n.js';

const tierOrder = ['vip', 'normal', 'potential'];
const stageOrder = ['potential', 'first_purchase', 'repeat', 'loyal', 'churned'];
const dealStages = ['lead', 'qualified', 'proposal', 'negotiation', 'won'];

export async function render() {
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const [overview, rfm, funnel, satisfaction, compliance, churn] = await Promise.all([
    api.get('/v1/analytics/overview'),
    api.get('/v1/analytics/rfm'),
    api.get('/v1/analytics/funnel'),
    api.get('/v1/analytics/satisfaction', { interval: 'month', from: yearAgo }),
    api.get('/v1/analytics/follow-up-compliance'),
    api.get('/v1/analytics/churn-risk', { limit: 10 }),
  ]);
  const none = t('dashboard.noData');
  const count = (v) => formatNumber(v);
  const months = satisfaction.buckets.map((b) => formatMonth(b.date));
  return h('section', { class: 'page page-dashboard', dataset: { title: t('nav.dashboard') } },
    h('h1', {}, t('nav.dashboard')),
    h('p', { class: 'muted' }, t('dashboard.period', { from: formatDate(overview.from), to: formatDate(overview.to) })),
    tiles(overview),
    h('div', { class: 'chart-grid' },
      donutChart({ title: t('dashboard.tiers'), format: count, emptyText: none,
        data: tierOrder.map((k) => ({ label: label('tier', k), value: overview.customers.byTier[k] || 0 })) }),
      barChart({ title: t('dashboard.stages'), format: count, emptyText: none,
        data: stageOrder.map((k) => ({ label: label('stage', k), value: overview.customers.byStage[k] || 0 })) }),
      barChart({ title: t('dashboard.rfm'), format: count, emptyText: none,
        data: rfm.segments.map((s) => ({ label: label('segment', s.segment), value: s.customers })) }),
      funnelChart({ title: t('dashboard.funnel', { rate: formatPercent(funnel.winRate, 0) }), format: count, emptyText: none,
        data: dealStages.map((k) => ({ label: label('dealStage', k), value: (funnel.stages.find((s) => s.stage === k) || {}).reached || 0 })) }),
      lineChart({ title: t('dashboard.satisfaction'), labels: months, format: count, min: -100, max: 100, emptyText: none,
        series: [
          { name: t('dashboard.csat'), values: satisfaction.buckets.map((b) => (b.csat.count ? b.csat.percent : null)) },
          { name: 'NPS', values: satisfaction.buckets.map((b) => (b.nps.count ? b.nps.score : null)) },
        ] }),
      barChart({ title: t('dashboard.compliance'), format: (v) => formatPercent(v, 0), emptyText: none,
        data: compliance.owners.filter((o) => o.due > 0).map((o) => ({ label: o.name || o.ownerId, value: o.onTimePercent ?? 0 })) })),
    churnList(churn.data));
}

function tiles(o) {
  const revenue = o.revenue.find((r) => r.currency === 'CNY') || o.revenue[0];
  const tile = (value, key) => h('li', {}, h('strong', {}, value), h('span', {}, t(key)));
  return h('ul', { class: 'tiles' },
    tile(formatNumber(o.customers.active), 'dashboard.customers'),
    tile(revenue ? formatMoney(revenue.amount, revenue.currency, { compact: true }) : '—', 'dashboard.revenue'),
    tile(formatNumber(o.feedback.open), 'dashboard.openFeedback'),
    tile(formatNumber(o.feedback.overdue), 'dashboard.overdueFeedback'),
    tile(formatNumber(o.followUps.overdue), 'dashboard.overdueFollowUps'),
    tile(o.nps.count ? formatNumber(o.nps.score, 1) : '—', 'dashboard.nps'),
    tile(formatPercent(o.deals.winRate, 0), 'dashboard.winRate'));
}

function churnList(customers) {
  return h('section', { class: 'card', id: 'churn-risk' }, h('h2', {}, t('dashboard.churn')),
    customers.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['field.name', 'field.tier', 'dashboard.silence', 'dashboard.usualGap', 'dashboard.lastActivity']
        .map((key, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'number' : null }, t(key))))),
      h('tbody', {}, customers.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/customers/${encodeURIComponent(c.id)}` }, c.name)),
        h('td', {}, label('tier', c.tier)),
        h('td', { class: 'number' }, t('days', { n: formatNumber(c.silenceDays, 0) })),
        h('td', { class: 'number' }, t('days', { n: formatNumber(c.limitDays, 0) })),
        h('td', {}, formatDate(c.lastActivityAt)))))))
      : h('p', { class: 'empty' }, t('dashboard.noChurn')));
}
