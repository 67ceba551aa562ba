// Follow-up cases of bad ratings (差评整改): states and the moves between them. Pure.
//
//   open ──▶ contacted ──▶ rectified ──▶ closed
//     │          ├──────▶ explained ──▶ closed
//     └──────────┴──────▶ appealed ──▶ reviewed
//
// `closed` and `reviewed` are final: the case is done and `closed_at` is set. A case is closed on
// time when it reached a final state at or before its deadline (the end of its last working day).

export const CASE_STATES = ['open', 'contacted', 'rectified', 'explained', 'appealed', 'reviewed', 'closed'] as const
export type CaseState = (typeof CASE_STATES)[number]

const MOVES: Record<CaseState, readonly CaseState[]> = {
  open: ['contacted', 'appealed'],
  contacted: ['rectified', 'explained', 'appealed'],
  rectified: ['closed'],
  explained: ['closed'],
  appealed: ['reviewed'],
  reviewed: [],
  closed: [],
}

export const FINAL_STATES: readonly CaseState[] = ['closed', 'reviewed']
export const isFinal = (s: string): boolean => (FINAL_STATES as readonly string[]).includes(s)
export const isCaseState = (s: string): s is CaseState => (CASE_STATES as readonly string[]).includes(s)
export const nextStates = (s: CaseState): readonly CaseState[] => MOVES[s]
export const canMove = (from: CaseState, to: CaseState): boolean => MOVES[from].includes(to)

/** What a final case was resolved by (kept on the case for the reports). */
export function resolutionOf(from: CaseState, to: CaseState): string | null {
  if (to === 'reviewed') return 'reviewed'
  if (to === 'closed') return from // rectified | explained
  return null
}

/** Overdue: not final and past its deadline. */
export const isOverdue = (c: { status: string; dueAt: number }, now: number): boolean =>
  !isFinal(c.status) && now > c.dueAt
