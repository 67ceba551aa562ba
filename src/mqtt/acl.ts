// Who may publish and subscribe where. One pure rule set used by the embedded broker's hooks and
// rendered as a Mosquitto ACL file by firmware-bridge/src/gen-acl.ts, so both brokers agree.
//   core    publishes (and may read) qms/v1/+/events/#
//   bridge  reads everything of its hall(s); writes device and bridge topics, never events
//   device  writes its own status, reported, ack and evt/{name}; reads only its own subtree
import type { MqttIdentity } from './credentials.ts'
import { DEVICE_TYPES, TOPIC_ROOT, isNodeType } from './topics.ts'

const DEVICE_WRITABLE = /^(status|reported|ack|evt\/[a-z_]{1,32})$/

const levels = (topic: string): string[] => topic.split('/')
const hasWildcard = (s: string): boolean => s.includes('+') || s.includes('#')

/** A concrete topic (no wildcards) the identity may publish to. */
export function canPublish(id: MqttIdentity, topic: string): boolean {
  if (hasWildcard(topic) || topic.startsWith('$')) return false
  const l = levels(topic)
  if (`${l[0]}/${l[1]}` !== TOPIC_ROOT || l.length < 4) return false
  const hall = l[2]!
  if (id.kind === 'core') return l[3] === 'events' && l.length >= 5
  if (id.kind === 'bridge') return (id.hall === '*' || id.hall === hall) && isNodeType(l[3]) && l.length >= 6
  if (l.length < 6 || hall !== id.hall || l[3] !== id.type || l[4] !== id.device) return false
  return DEVICE_WRITABLE.test(l.slice(5).join('/'))
}

/** A filter (may hold wildcards) the identity may subscribe to: every topic it can match must be readable. */
export function canSubscribe(id: MqttIdentity, filter: string): boolean {
  if (filter.startsWith('$')) return false
  const l = levels(filter)
  if (`${l[0]}/${l[1]}` !== TOPIC_ROOT || l.length < 3) return false
  const hall = l[2]!
  if (id.kind === 'core') return (hall === '+' || !hasWildcard(hall)) && l[3] === 'events' && l.length >= 5
  if (id.kind === 'bridge') return id.hall === '*' || hall === id.hall
  // A device reads only below its own, fully literal, prefix.
  if (l.length < 6) return false
  return hall === id.hall && l[3] === id.type && l[4] === id.device
}

/** The same rules in Mosquitto's acl_file syntax (`user` blocks; later lines add permissions). */
export function mosquittoAclLines(ids: MqttIdentity[]): string[] {
  const out: string[] = []
  for (const id of ids) {
    if (id.kind === 'core') {
      out.push('user core', `topic readwrite ${TOPIC_ROOT}/+/events/#`, '')
    } else if (id.kind === 'bridge') {
      const hall = id.hall === '*' ? '+' : id.hall
      out.push(id.hall === '*' ? 'user bridge' : `user bridge.${id.hall}`, `topic read ${TOPIC_ROOT}/${hall}/#`)
      for (const type of [...DEVICE_TYPES, 'bridge']) out.push(`topic readwrite ${TOPIC_ROOT}/${hall}/${type}/#`)
      out.push('')
    } else {
      const base = `${TOPIC_ROOT}/${id.hall}/${id.type}/${id.device}`
      out.push(
        `user dev.${id.hall}.${id.type}.${id.device}`,
        `topic read ${base}/#`,
        `topic write ${base}/status`,
        `topic write ${base}/reported`,
        `topic write ${base}/ack`,
        `topic write ${base}/evt/+`,
        '',
      )
    }
  }
  return out
}
