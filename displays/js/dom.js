// Tiny DOM helpers: pages build elements with h() (text is always set as text, never as HTML,
// since names and notices come from the hall document and numbers from the server).
/* global Node */

/** h('div', {class: 'x', 'aria-label': '…', onclick: fn}, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v)
    else if (k === 'class') el.className = v
    else if (k === 'dataset') Object.assign(el.dataset, v)
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue
    el.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
  return el
}

export const $ = (sel, root = document) => root.querySelector(sel)

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false))
}

/** Sets text only when it changed (keeps screen readers and animations quiet). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text
}

/** Restarts a CSS animation class on an element (e.g. the flash of a new call). */
export function restartAnimation(el, cls) {
  el.classList.remove(cls)
  void el.offsetWidth // reflow, so re-adding the class starts the animation again
  el.classList.add(cls)
}
