// Small helpers to build DOM nodes without innerHTML, so API text can never become markup.

import { t } from './i18n.js';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/**
 * h('button', { class: 'primary', onclick: fn, type: 'button' }, 'Save').
 * `on*` keys add listeners; `dataset` sets data- attributes; true/false toggle attributes.
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'value') node.value = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

const svgNamespace = 'http://www.w3.org/2000/svg';

/** Like h, for SVG elements. */
export function s(tag, attributes = {}, ...children) {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  append(node, children);
  return node;
}

export function clear(node) { node.replaceChildren(); return node; }

/** A message at the top of the page; errors are announced by the role=alert region. */
export function flash(message, kind = 'error') {
  const box = document.getElementById('flash');
  box.className = `flash ${kind}`;
  box.replaceChildren(h('span', {}, message),
    h('button', { type: 'button', class: 'ghost', 'aria-label': t('close'), onclick: clearFlash }, '×'));
  box.hidden = false;
}

export function clearFlash() {
  const box = document.getElementById('flash');
  box.hidden = true;
  box.replaceChildren();
}

/** A readable sentence for any error, with the request id support staff ask for. */
export function describeError(error) {
  if (error && error.status) {
    const id = error.problem && error.problem.requestId;
    const base = t(`status.${error.status}`, {}, '') || error.message;
    const detail = error.message && error.message !== base ? ` ${error.message}` : '';
    return `${base}${detail}${id ? ` (${t('requestId')} ${id})` : ''}`;
  }
  return t('networkError');
}

/**
 * Puts each field error of a 422 next to its input (matched by name) and the rest, or the
 * whole error when it names no field, at the top. Returns nothing; focus moves to the first
 * invalid input so keyboard users land on it.
 */
export function showFormErrors(form, error) {
  clearFormErrors(form);
  let first = null;
  const unplaced = [];
  for (const fieldError of (error && error.fieldErrors) || []) {
    const input = form.querySelector(`[name="${CSS.escape(fieldError.field)}"]`);
    if (!input) { unplaced.push(`${fieldError.field}: ${fieldError.message}`); continue; }
    const id = `${input.id || input.name}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    input.after(h('p', { class: 'field-error', id }, fieldError.message));
    first = first || input;
  }
  if (!first || unplaced.length) flash([describeError(error), ...unplaced].join(' '));
  if (first) first.focus();
}

export function clearFormErrors(form) {
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
}

/** A labelled input: <label>Text <input></label> keeps label and control together. */
export function field(label, control) {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

export function select(name, options, value, attributes = {}) {
  return h('select', { name, ...attributes },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)));
}

export function loading() { return h('p', { class: 'loading', role: 'status' }, t('loading')); }

export function empty(text) { return h('p', { class: 'empty' }, text); }

export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
