// Evaluator (评价器) prompts: after a service ends, the window's evaluator asks for a grade.
// Grades are 1 (非常不满意) … 5 (非常满意); the device shows its own labels, the prompt names the
// ticket so the rating can be tied to it.
import type { Json } from '../protocol/envelope.ts'

export const GRADE_LABELS_ZH = ['非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const
export const GRADE_LABELS_EN = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'] as const

/** cmd/rate body (the command envelope adds id and exp = the prompt's timeout). */
export const ratePrompt = (ticket: string, number: string, window: string, grades: number): Json => ({
  tk: ticket,
  num: number,
  win: window,
  grades,
  q: '请对本次服务评价',
})

/** cmd/show body when a ticket is called to the window: the evaluator greets the citizen. */
export const greeting = (number: string, window: string): Json => ({ num: number, win: window, q: '您好，欢迎办理' })
