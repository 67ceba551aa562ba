// Reads a hall document from a .json, .yaml or .yml file and validates it.

import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { QmsError } from '../domain/errors.ts'
import type { HallDocument } from './hall-document.ts'
import { parseHallDocument } from './validate-hall.ts'

function parseByExtension(file: string, text: string): unknown {
  const ext = extname(file).toLowerCase()
  try {
    if (ext === '.json') return JSON.parse(text)
    // YAML 1.2 core schema: `09:00` stays a string (YAML 1.1 would read it as sexagesimal 540).
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text, { version: '1.2', schema: 'core' })
  } catch (err) {
    throw new QmsError(
      'QMS_ERR_VALIDATION',
      `${file}: cannot parse ${ext.slice(1).toUpperCase()}: ${(err as Error).message}`,
      {
        file,
        errors: [{ path: '(document)', message: (err as Error).message }],
      },
    )
  }
  throw new QmsError('QMS_ERR_VALIDATION', `${file}: a hall document must be a .json, .yaml or .yml file`, {
    file,
    errors: [],
  })
}

/** The validated document with defaults filled; throws QMS_ERR_VALIDATION listing every bad field. */
export async function loadHallFile(file: string): Promise<HallDocument> {
  return parseHallDocument(parseByExtension(file, await readFile(file, 'utf8')), file)
}
