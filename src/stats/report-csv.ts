// CSV of one report dimension: UTF-8 with a BOM (Excel opens Chinese text right), a bilingual
// header, one row per key; cells that look like formulas are neutralised (csvCell).
import { csvCell } from '../archive/tickets-csv.ts'
import type { Dimension } from './report-query.ts'
import type { Names } from './report-service.ts'
import type { ReportRow } from './report-rows.ts'

const KEY_COLUMNS: Record<Dimension, Array<[string, (r: ReportRow, n: Names) => string | number | null]>> = {
  total: [],
  hall: [['大厅 Hall', (r, n) => n.halls[r.key.hall as string] ?? (r.key.hall as string)]],
  service: [['业务 Service', (r, n) => n.services[r.key.service as string] ?? (r.key.service as string)]],
  window: [
    ['大厅 Hall', (r) => r.key.hall as string],
    ['窗口 Window', (r, n) => n.windows[`${r.key.hall}/${r.key.window}`] ?? (r.key.window as string)],
  ],
  clerk: [
    ['工作人员 Clerk', (r, n) => n.clerks[r.key.clerk as string] ?? ''],
    ['令牌 Token', (r) => r.key.clerk as string],
  ],
  hour: [['时段 Hour', (r) => `${String(r.key.hour).padStart(2, '0')}:00`]],
  date: [['日期 Date', (r) => r.key.date as string]],
  serviceHour: [
    ['业务 Service', (r, n) => n.services[r.key.service as string] ?? (r.key.service as string)],
    ['时段 Hour', (r) => `${String(r.key.hour).padStart(2, '0')}:00`],
  ],
}

const FIGURES: Array<[string, keyof ReportRow]> = [
  ['取号 Issued', 'issued'],
  ['办结 Served', 'served'],
  ['过号 No-show', 'noShow'],
  ['取消 Cancelled', 'cancelled'],
  ['未办结 Expired', 'expired'],
  ['平均等候秒 Mean wait (s)', 'meanWaitSec'],
  ['P90等候秒 P90 wait (s)', 'p90WaitSec'],
  ['平均办理秒 Mean handling (s)', 'meanHandleSec'],
  ['P90办理秒 P90 handling (s)', 'p90HandleSec'],
  ['服务水平 Service level', 'serviceLevel'],
  ['评价数 Ratings', 'ratings'],
  ['满意率 Satisfaction', 'satisfaction'],
  ['差评 Bad ratings', 'bad'],
  ['整改工单 Cases', 'cases'],
  ['按期办结率 Closed on time', 'closureOnTimeRate'],
  ['超期未办结 Overdue', 'casesOverdue'],
  ['开放秒 Open (s)', 'openSec'],
  ['暂停秒 Paused (s)', 'pausedSec'],
  ['空闲秒 Idle (s)', 'idleSec'],
  ['预计等候平均误差秒 ETA MAE (s)', 'etaMaeSec'],
  ['预计等候5分钟内比例 ETA within 5 min', 'etaWithin5MinRate'],
]

export function reportCsv(dim: Dimension, rows: readonly ReportRow[], names: Names): string {
  const keys = KEY_COLUMNS[dim]
  const header = [...keys.map(([h]) => h), ...FIGURES.map(([h]) => h)].map(csvCell).join(',')
  const lines = rows.map((r) =>
    [...keys.map(([, f]) => f(r, names)), ...FIGURES.map(([, k]) => r[k] as number | null)].map(csvCell).join(','),
  )
  return `\uFEFF${header}\r\n${lines.map((l) => `${l}\r\n`).join('')}`
}
