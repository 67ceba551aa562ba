// Generates a year of history for one 50-window hall straight into the archive tables with SQL
// (tickets, their call/done events, window open/close events, audit rows of the clerks, ratings
// and follow-up cases), so the report benchmark measures queries, not the archiver.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../src/db/schema.ts'

export interface YearSpec {
  hall: string
  from: string // first date
  days: number // calendar days; weekends get no tickets
  perDay: number // tickets per working day
  windows: number
  services: number
}

/** Returns the number of tickets written. */
export async function generateYear(db: Kysely<Database>, s: YearSpec): Promise<number> {
  await sql`
    create table bench_days as
    select d::date as day, row_number() over (order by d) - 1 as idx
    from generate_series(${s.from}::date, ${s.from}::date + ${s.days - 1}::int, interval '1 day') d
    where extract(isodow from d) < 6`.execute(db)
  await sql`
    insert into tickets (hall_id, id, number, service_id, class, business_date, status, outcome, window_id, rule,
      issued_at, called_at, started_at, finished_at, recalls, requeues, transfers, ahead_at_issue, eta_at_issue_sec,
      first_seq, last_seq, updated_at)
    select ${s.hall}, 't' || n, 'A' || k, 'svc-' || (n % ${s.services}),
      'normal', day,
      case when n % 33 = 0 then 'cancelled' when n % 20 = 0 then 'no_show' else 'done' end,
      case when n % 33 = 0 then 'cancelled' when n % 20 = 0 then 'no_show' else 'completed' end,
      case when n % 33 = 0 then null else 'w' || (k % ${s.windows} + 1) end, 'fifo',
      issued, case when n % 33 = 0 then null else issued + wait end,
      case when n % 33 = 0 or n % 20 = 0 then null else issued + wait + interval '10 seconds' end,
      case when n % 33 = 0 then issued + interval '2 minutes'
           when n % 20 = 0 then issued + wait + interval '1 minute'
           else issued + wait + interval '10 seconds' + handle end,
      0, 0, 0, k % 30, (n * 31) % 1500, n * 2 + 1, n * 2 + 2, now()
    from (
      select n, k, day,
        (day::timestamp + interval '9 hours' + (k * (28800.0 / ${s.perDay})) * interval '1 second') at time zone 'Asia/Shanghai' as issued,
        ((n * 7919) % 1800) * interval '1 second' as wait,
        (120 + (n * 104729) % 600) * interval '1 second' as handle
      from (select day, idx, k, idx * ${s.perDay} + k as n from bench_days, generate_series(0, ${s.perDay - 1}) k) g
    ) x`.execute(db)
  await sql`
    insert into events (hall_id, seq, type, at, ticket_id, event)
    select ${s.hall}, row_number() over (order by at, ord), type, at, ticket_id,
      jsonb_build_object('type', type, 'at', (extract(epoch from at) * 1000)::bigint, 'hall', ${s.hall}::text,
        'ticket', ticket_id, 'window', win, 'status', status)
    from (
      select 'ticket.called' as type, called_at as at, id as ticket_id, window_id as win, 'called' as status, 1 as ord
        from tickets where hall_id = ${s.hall} and called_at is not null
      union all
      select case when outcome = 'no_show' then 'ticket.no_show' else 'ticket.done' end, finished_at, id, window_id,
        case when outcome = 'no_show' then 'no_show' else 'done' end, 2
        from tickets where hall_id = ${s.hall} and called_at is not null
      union all
      select 'window.status', (day::timestamp + interval '8 hours 55 minutes') at time zone 'Asia/Shanghai', null, 'w' || w, 'open', 0
        from bench_days, generate_series(1, ${s.windows}) w
      union all
      select 'window.status', (day::timestamp + interval '17 hours 45 minutes') at time zone 'Asia/Shanghai', null, 'w' || w, 'closed', 3
        from bench_days, generate_series(1, ${s.windows}) w
    ) e`.execute(db)
  // The seq inside the JSON must match the column (the fact builder reads the JSON).
  await sql`update events set event = event || jsonb_build_object('seq', seq) where hall_id = ${s.hall}`.execute(db)
  await sql`
    insert into audit_log (at, token_id, role, ip, action, target, hall_id)
    select finished_at + interval '20 milliseconds', 'tok-' || window_id, 'clerk', '10.0.0.1',
      'POST /api/v1/halls/:hall/tickets/:ticket/complete', id, ${s.hall}
    from tickets where hall_id = ${s.hall} and outcome = 'completed'`.execute(db)
  await sql`
    insert into evaluations (hall_id, ticket_id, business_date, number, service_id, window_id, grade, reasons, comment,
      channel, rater_token_id, device_id, finished_at, rated_at)
    select hall_id, id, business_date, number, service_id, window_id,
      case when first_seq % 41 = 0 then 1 when first_seq % 23 = 0 then 2 when first_seq % 5 = 0 then 3 else 5 end,
      '[]', null, 'device', null, null, finished_at, finished_at + interval '30 seconds'
    from tickets where hall_id = ${s.hall} and outcome = 'completed' and first_seq % 3 = 0`.execute(db)
  await sql`
    insert into follow_up_cases (id, hall_id, ticket_id, business_date, number, service_id, window_id, grade, status,
      owner, opened_at, due_date, due_at, closed_at, resolution)
    select 'c-' || ticket_id, hall_id, ticket_id, business_date, number, service_id, window_id, grade,
      case when grade = 1 then 'closed' else 'open' end, null, rated_at, business_date + 7,
      (business_date + 8)::timestamp at time zone 'Asia/Shanghai',
      case when grade = 1 then rated_at + interval '3 days' end, case when grade = 1 then 'rectified' end
    from evaluations where hall_id = ${s.hall} and grade <= 2`.execute(db)
  await sql`drop table bench_days`.execute(db)
  const r = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hall_id', '=', s.hall)
    .executeTakeFirstOrThrow()
  // A year-old table has long been vacuumed by autovacuum (visibility map: index-only scans).
  await sql`vacuum analyze`.execute(db)
  return Number(r.n)
}
