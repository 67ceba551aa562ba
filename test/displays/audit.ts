// Page checks shared by the display tests: no scrolling at the target size, text contrast
// (WCAG AA: 4.5:1, 3:1 for large text; or a stricter minimum), and an accessible name on every
// control as Chromium's own accessibility tree computes it.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

const AUDIT_SOURCE = readFileSync(new URL('./fixtures/audit-page.js', import.meta.url), 'utf8')

export interface TextCheck {
  text: string
  tag: string
  ratio: number
  size: number
  large: boolean
}

export interface TargetCheck {
  tag: string
  text: string
  width: number
  height: number
  type: string | null
}

export interface PageAudit {
  scroll: { width: number; height: number; viewWidth: number; viewHeight: number }
  texts: TextCheck[]
  targets: TargetCheck[]
}

export const auditPage = (page: Page): Promise<PageAudit> => page.evaluate(AUDIT_SOURCE) as Promise<PageAudit>

/** Texts below WCAG AA (or below `minRatio` for every text, when given). */
export function lowContrast(audit: PageAudit, minRatio?: number): TextCheck[] {
  return audit.texts.filter((x) => x.ratio < (minRatio ?? (x.large ? 3 : 4.5)))
}

export const scrolls = (a: PageAudit): boolean =>
  a.scroll.width > a.scroll.viewWidth || a.scroll.height > a.scroll.viewHeight

const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'combobox',
  'checkbox',
  'link',
  'listbox',
  'spinbutton',
  'radio',
  'searchbox',
  'slider',
  'switch',
  'menuitem',
  'tab',
])

/** Controls (by Chromium's accessibility tree) that have no accessible name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }>
    }
    const missing: string[] = []
    for (const n of nodes) {
      const role = n.role?.value ?? ''
      if (n.ignored || !CONTROL_ROLES.has(role)) continue
      if (!n.name?.value?.trim()) missing.push(`${role}#${n.backendDOMNodeId ?? '?'}`)
    }
    return missing
  } finally {
    await cdp.detach()
  }
}

/** Count of controls Chromium sees (so a check over zero controls cannot pass by accident). */
export async function controlCount(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ ignored: boolean; role?: { value: string } }>
    }
    return nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? '')).length
  } finally {
    await cdp.detach()
  }
}
