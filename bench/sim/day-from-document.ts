// A simulated day for any hall document: every window staffed through the day, each service
// loaded to about 85% of the capacity its windows give it, the usual daily curve. Used to drive a
// running system whose hall is not one of the benchmark days.
import type { HallDocumentInput } from '../../src/config/hall-schema.ts'
import type { HallDocument } from '../../src/config/hall-document.ts'
import type { HallDay } from './day-types.ts'

const WORK_SEC = 8 * 3600

export function dayFromDocument(hall: string, doc: HallDocument, load = 0.85): HallDay {
  const classes = new Set(doc.priorityClasses.map((c) => c.id))
  const traffic = doc.services.map((s) => {
    const handlingSec = s.meanHandlingMinutes * 60
    // Each window shares its time equally between the services it serves.
    const capacity = doc.windows
      .filter((w) => w.services.includes(s.id))
      .reduce((sum, w) => sum + WORK_SEC / handlingSec / w.services.length, 0)
    return {
      service: s.id,
      perDay: load * capacity,
      medianSec: handlingSec / Math.exp(0.55 ** 2 / 2),
      sigma: 0.55,
      noShow: 0.06,
      green: classes.has('green') ? 0.05 : 0,
      appointment: classes.has('appointment') ? 0.1 : 0,
    }
  })
  const periods = [{ open: '09:00', close: '17:00' }]
  const weekly = { mon: periods, tue: periods, wed: periods, thu: periods, fri: periods, sat: periods, sun: periods }
  return {
    id: 'drive',
    title: `Demo traffic for ${hall}`,
    hall,
    // The generator reads the issuing hours from here; the running hall applies its own.
    document: { ...(doc as unknown as HallDocumentInput), hours: { weekly } },
    traffic,
    staffing: doc.windows.map((w, i) => ({
      window: w.id,
      speed: 0.9 + 0.05 * (i % 5),
      shifts: [{ from: '09:00', to: '17:00', end: 'drain' as const }],
      breaks: [{ at: i % 2 === 0 ? '10:30' : '15:00', minutes: 10 }],
    })),
    curve: {
      morningPeak: '10:00',
      afternoonPeak: '15:00',
      peakWidthMin: 60,
      afternoonWeight: 0.8,
      base: 0.35,
      lunch: { from: '12:00', to: '13:30', factor: 0.5 },
      doorBurst: 0.03,
    },
    patienceMin: 400,
    forgottenRate: 0,
    returnAfterNoShow: 0.3,
  }
}
