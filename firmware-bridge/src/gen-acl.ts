// Writes Mosquitto security files for the halls' devices:
//   tsx firmware-bridge/src/gen-acl.ts [--out DIR] HALL=DOCUMENT.json [HALL=DOCUMENT.json …]
// Always writes mosquitto.acl; with MQTT_DEVICE_SECRET set also mosquitto.passwd and
// credentials.json (each client's username and password, for provisioning devices).
// Without --out the ACL goes to stdout. Mosquitto config: `allow_anonymous false`,
// `password_file DIR/mosquitto.passwd`, `acl_file DIR/mosquitto.acl`.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { aclFile, credentialList, identitiesFor, passwordFile } from './mosquitto-files.ts'

async function main(argv: string[]): Promise<void> {
  let out: string | null = null
  const halls: { hall: string; document: unknown }[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--out') out = argv[++i] ?? null
    else if (a.includes('=')) {
      const [hall, file] = a.split('=') as [string, string]
      const text = await readFile(file, 'utf8')
      halls.push({ hall, document: file.endsWith('.json') ? JSON.parse(text) : parseYaml(text) })
    } else throw new Error(`unexpected argument ${a}`)
  }
  if (halls.length === 0) throw new Error('usage: gen-acl.ts [--out DIR] HALL=DOCUMENT.json …')
  const ids = identitiesFor(halls)
  const secret = process.env.MQTT_DEVICE_SECRET
  if (!out) {
    process.stdout.write(aclFile(ids) + '\n')
    return
  }
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'mosquitto.acl'), aclFile(ids) + '\n')
  if (secret) {
    await writeFile(join(out, 'mosquitto.passwd'), passwordFile(secret, ids), { mode: 0o600 })
    await writeFile(join(out, 'credentials.json'), JSON.stringify(credentialList(secret, ids), null, 2) + '\n', {
      mode: 0o600,
    })
  }
  console.error(
    `wrote ${ids.length} identities to ${out}${secret ? '' : ' (ACL only: set MQTT_DEVICE_SECRET for passwords)'}`,
  )
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error((err as Error).message)
  process.exit(1)
})
