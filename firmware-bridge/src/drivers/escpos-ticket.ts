// ESC/POS bytes for a ticket, built with node-thermal-printer (alignment, sizes, QR code, cut).
// Chinese printers need Chinese mode (FS &) and GB text; we hand the library text already reduced
// to the printer's charset (render/charset.ts), so its own code-page guessing never kicks in.
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer'
import type { PrintJob, PrintLine } from '../render/ticket-print.ts'

const FS_CHINESE_MODE = Buffer.from([0x1c, 0x26])

export function newPrinter(target: string, width: number): ThermalPrinter {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: target,
    width,
    characterSet: CharacterSet.CHINA,
    options: { timeout: 5000 },
  })
}

function printLines(p: ThermalPrinter, lines: PrintLine[]): void {
  for (const l of lines) {
    if (l.align === 'center') p.alignCenter()
    else p.alignLeft()
    p.bold(l.bold)
    if (l.size > 1) p.setTextSize(l.size - 1, l.size - 1)
    p.println(l.text)
    if (l.size > 1) p.setTextNormal()
  }
  p.bold(false)
}

/** Fills `p` with the job (initialise, Chinese mode, lines, QR, footer, cut) and returns the bytes. */
export function escposTicket(p: ThermalPrinter, job: PrintJob): Buffer {
  p.clear()
  p.add(FS_CHINESE_MODE)
  printLines(p, job.lines)
  p.alignCenter()
  p.printQR(job.qr, { cellSize: 6, correction: 'M', model: 2 })
  p.newLine()
  printLines(p, job.footer)
  p.cut()
  return p.getBuffer()
}
