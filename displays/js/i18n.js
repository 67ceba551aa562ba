// Every text on the pages comes from displays/locales/<lang>.json. zh-CN is the default and the
// fallback for keys a translation lacks; `?lang=en` or the language switch (remembered) picks English.
/* global CustomEvent */
import { param } from './params.js'

export const LANGS = ['zh-CN', 'en']
const STORAGE_KEY = 'qms.lang'
const cache = new Map()
let lang = 'zh-CN'
let dict = {}
let fallback = {}

async function load(l) {
  if (!cache.has(l)) {
    const res = await fetch(new URL(`../locales/${l}.json`, import.meta.url))
    if (!res.ok) throw new Error(`locale ${l}: HTTP ${res.status}`)
    cache.set(l, await res.json())
  }
  return cache.get(l)
}

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export async function initI18n() {
  const wanted = param('lang') ?? stored() ?? 'zh-CN'
  await setLang(LANGS.includes(wanted) ? wanted : 'zh-CN', false)
}

export function getLang() {
  return lang
}

export async function setLang(l, remember = true) {
  fallback = await load('zh-CN')
  dict = await load(l)
  lang = l
  document.documentElement.lang = l
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, l)
    } catch {
      /* storage disabled: the choice lasts for this page only */
    }
  }
  applyI18n(document)
  document.dispatchEvent(new CustomEvent('langchange', { detail: l }))
}

/** Toggles zh-CN ⇄ en. */
export function toggleLang() {
  return setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')
}

/** The text for `key`, with `{name}` placeholders filled from `vars`. Unknown keys show the key. */
export function t(key, vars = {}) {
  const raw = dict[key] ?? fallback[key] ?? key
  return raw.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m))
}

/** Fills text and accessible labels of elements marked with data-i18n* attributes. */
export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n)
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel))
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder))
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle))
  const title = document.querySelector('meta[name="qms-title"]')
  if (title) document.title = t(title.content)
}

/** The name of a hall, service or window in the page language (`nameEn` when English and present). */
export function localName(item) {
  if (!item) return ''
  return lang === 'en' && item.nameEn ? item.nameEn : item.name
}
