// UI language (Chinese or English) and locale-aware formatting of numbers, money and dates.

import { strings } from './strings.js';

const storageKey = 'kehu.lang';

function preferredLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'zh' || saved === 'en') return saved;
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  // Chinese when the browser's first preference is any Chinese variant.
  return String(wanted[0]).toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let language = preferredLanguage();

export const currentLanguage = () => language;
export const locale = () => (language === 'zh' ? 'zh-CN' : 'en-US');

export function setLanguage(next) {
  language = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = locale();
}

/** The text for `key` with `{name}` placeholders filled; the fallback, else the key, when missing. */
export function t(key, params = {}, fallback) {
  const text = strings[language][key] ?? strings.en[key] ?? (fallback !== undefined ? fallback : key);
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? ''));
}

/** An API enum value (tier, stage, status...) in words; unknown values show as sent. */
export const label = (group, value) => t(`${group}.${value}`, {}, String(value ?? '—'));

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return `${formatNumber(value, digits)}%`;
}

/** Money from an integer count of minor units (fen), scaled by the currency's own digits. */
export function formatMoney(minor, currency = 'CNY', { compact = false } = {}) {
  if (minor === null || minor === undefined) return '—';
  const base = new Intl.NumberFormat(locale(), { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
  const digits = base.resolvedOptions().maximumFractionDigits;
  const amount = minor / 10 ** digits;
  if (!compact) return base.format(amount);
  return new Intl.NumberFormat(locale(), {
    style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1,
  }).format(amount);
}

export function formatDate(text) {
  if (!text) return '—';
  // A bare date (YYYY-MM-DD) is a calendar day: format it without shifting time zones.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00`) : new Date(text);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(text) {
  if (!text) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(text));
}

export function formatTime(text) {
  if (!text) return '—';
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short' }).format(new Date(text));
}

/** A month bucket (YYYY-MM-01) as a short axis label. */
export function formatMonth(text) {
  return new Intl.DateTimeFormat(locale(), { year: '2-digit', month: 'short' }).format(new Date(`${text}T00:00:00`));
}

document.documentElement.lang = locale();
