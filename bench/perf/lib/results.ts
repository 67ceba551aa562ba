// Writes one "## <heading>" section of bench/RESULTS.md, replacing the previous one (up to the
// next "## " heading) and leaving every other section, including other benchmarks', untouched.
import { readFile, writeFile } from 'node:fs/promises'

const RESULTS = new URL('../../RESULTS.md', import.meta.url)

export async function writeResultsSection(heading: string, lines: string[]): Promise<void> {
  const title = `## ${heading}`
  const body = [title, '', ...lines, ''].join('\n')
  const current = await readFile(RESULTS, 'utf8').catch(() => '# Benchmark results\n')
  const start = current.indexOf(`${title}\n`)
  let next: string
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${body}`
  } else {
    const after = current.indexOf('\n## ', start + title.length)
    next = current.slice(0, start) + body + (after < 0 ? '' : current.slice(after + 1))
  }
  await writeFile(RESULTS, next)
}

/** A markdown table from a header row and rows of cells. */
export function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ]
}
