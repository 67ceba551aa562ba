// The MQTT topic tree, shared by the core's event publisher, the embedded broker's ACL and the
// firmware bridge. Everything lives under `qms/v1/{hall}/`:
//   events/{type}                     domain events from the core (QoS 1, not retained)
//   {deviceType}/{deviceId}/status    retained online/offline (last will = offline)
//   {deviceType}/{deviceId}/desired   retained state the device should show
//   {deviceType}/{deviceId}/reported  retained state the device says it shows
//   {deviceType}/{deviceId}/cmd/{name}  commands (not retained, carry id + exp)
//   {deviceType}/{deviceId}/evt/{name}  device input (not retained, carry id)
//   {deviceType}/{deviceId}/ack         acknowledgements of commands (carry ref)
// The bridge itself appears as deviceType `bridge`.

export const TOPIC_ROOT = 'qms/v1'

export const DEVICE_TYPES = ['led', 'board', 'speaker', 'evaluator', 'keypad', 'printer', 'kiosk'] as const
export type DeviceType = (typeof DEVICE_TYPES)[number]
/** Types that may own a topic subtree: every device type plus the bridge. */
export const NODE_TYPES = [...DEVICE_TYPES, 'bridge'] as const
export type NodeType = (typeof NODE_TYPES)[number]

/** Hall, device and bridge ids: one topic level, no wildcards, no separators used by usernames. */
export const TOPIC_ID = /^[A-Za-z0-9_-]{1,32}$/

export const isDeviceType = (v: unknown): v is DeviceType =>
  typeof v === 'string' && (DEVICE_TYPES as readonly string[]).includes(v)
export const isNodeType = (v: unknown): v is NodeType =>
  typeof v === 'string' && (NODE_TYPES as readonly string[]).includes(v)

export const eventTopic = (hall: string, type: string): string => `${TOPIC_ROOT}/${hall}/events/${type}`
export const eventsFilter = (hall: string | '+'): string => `${TOPIC_ROOT}/${hall}/events/#`

export const nodeBase = (hall: string, type: NodeType, id: string): string => `${TOPIC_ROOT}/${hall}/${type}/${id}`

export type NodeLeaf = 'status' | 'desired' | 'reported' | 'ack' | `cmd/${string}` | `evt/${string}`

export const nodeTopic = (hall: string, type: NodeType, id: string, leaf: NodeLeaf): string =>
  `${nodeBase(hall, type, id)}/${leaf}`

export interface ParsedNodeTopic {
  hall: string
  type: NodeType
  id: string
  /** status | desired | reported | ack | cmd | evt */
  kind: 'status' | 'desired' | 'reported' | 'ack' | 'cmd' | 'evt'
  /** the command or event name for cmd/evt */
  name: string | null
}

/** Parses `qms/v1/{hall}/{type}/{id}/{leaf}`; null for anything else (including events). */
export function parseNodeTopic(topic: string): ParsedNodeTopic | null {
  const parts = topic.split('/')
  if (parts.length < 6 || parts.length > 7 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null
  const [, , hall, type, id, kind, name] = parts as [string, string, string, string, string, string, string | undefined]
  if (!TOPIC_ID.test(hall) || !isNodeType(type) || !TOPIC_ID.test(id)) return null
  if (kind === 'cmd' || kind === 'evt') {
    if (name === undefined || !/^[a-z_]{1,32}$/.test(name)) return null
    return { hall, type, id, kind, name }
  }
  if (name !== undefined) return null
  if (kind === 'status' || kind === 'desired' || kind === 'reported' || kind === 'ack')
    return { hall, type, id, kind, name: null }
  return null
}
