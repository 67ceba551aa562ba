// Evaluation and reporting settings of a hall, with their defaults. The hall document keeps the
// optional `evaluation` and `reports` sections as written; every reader goes through here.
import type { HallDocument } from '../config/hall-document.ts'

export interface RatingReason {
  id: string
  name: string
  nameEn?: string
}

export interface EvaluationSettings {
  reasons: RatingReason[]
  ratingMinutes: number
  followUpWorkingDays: number
  caseOwner: string | null
  targetWaitMinutes: number
}

/** The evaluator page's reason ids (displays/js/evaluator.js) with their labels. */
export const DEFAULT_REASONS: readonly RatingReason[] = [
  { id: 'attitude', name: '服务态度不好', nameEn: 'Attitude' },
  { id: 'waiting', name: '等候时间太长', nameEn: 'Waiting too long' },
  { id: 'skill', name: '业务不熟练', nameEn: 'Lack of skill' },
  { id: 'guidance', name: '办事指引不清楚', nameEn: 'Unclear guidance' },
  { id: 'materials', name: '材料要求反复', nameEn: 'Repeated requests for documents' },
  { id: 'other', name: '其他', nameEn: 'Other' },
]

export const EVALUATION_DEFAULTS = {
  ratingMinutes: 1440,
  followUpWorkingDays: 5,
  targetWaitMinutes: 15,
} as const

export function evaluationSettings(doc: Pick<HallDocument, 'evaluation' | 'reports'> | null): EvaluationSettings {
  const e = doc?.evaluation
  return {
    reasons: (e?.reasons ?? DEFAULT_REASONS).map((r) => ({ ...r })),
    ratingMinutes: e?.ratingMinutes ?? EVALUATION_DEFAULTS.ratingMinutes,
    followUpWorkingDays: e?.followUpWorkingDays ?? EVALUATION_DEFAULTS.followUpWorkingDays,
    caseOwner: e?.caseOwner ?? null,
    targetWaitMinutes: doc?.reports?.targetWaitMinutes ?? EVALUATION_DEFAULTS.targetWaitMinutes,
  }
}
