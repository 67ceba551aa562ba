// The whole database as Kysely sees it. Row types live in tables/*.table.ts.
import type { ApiTokensTable } from './tables/api-tokens.table.ts'
import type { AppointmentsTable } from './tables/appointments.table.ts'
import type { ArchiveCheckpointsTable, EventsTable, TicketsTable } from './tables/archive.table.ts'
import type { AuditLogTable } from './tables/audit-log.table.ts'
import type { HallConfigsTable, HallsTable, ServicesTable, WindowsTable } from './tables/halls.table.ts'
import type { OrgUnitsTable } from './tables/org-units.table.ts'
import type { DevicesTable } from './tables/devices.table.ts'
import type { StaffTable } from './tables/staff.table.ts'
import type { EvaluationsTable, FollowUpCasesTable, FollowUpNotesTable } from './tables/evaluations.table.ts'
import type {
  StatsDayRollupsTable,
  StatsDaySamplesTable,
  StatsDaysTable,
  StatsTicketFactsTable,
  StatsWindowDaysTable,
} from './tables/stats.table.ts'

export interface Database {
  org_units: OrgUnitsTable
  halls: HallsTable
  hall_configs: HallConfigsTable
  services: ServicesTable
  windows: WindowsTable
  staff: StaffTable
  devices: DevicesTable
  api_tokens: ApiTokensTable
  audit_log: AuditLogTable
  events: EventsTable
  tickets: TicketsTable
  archive_checkpoints: ArchiveCheckpointsTable
  appointments: AppointmentsTable
  evaluations: EvaluationsTable
  follow_up_cases: FollowUpCasesTable
  follow_up_notes: FollowUpNotesTable
  stats_ticket_facts: StatsTicketFactsTable
  stats_window_days: StatsWindowDaysTable
  stats_days: StatsDaysTable
  stats_day_rollups: StatsDayRollupsTable
  stats_day_samples: StatsDaySamplesTable
}
