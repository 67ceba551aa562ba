// A device that loses power: it connects (with its will), says it is online, then never sends
// another byte while its TCP connection stays open. Only the broker's keep-alive check (1.5 ×
// keepalive, MQTT-3.1.2-24) can notice. Raw MQTT 3.1.1 packets, so no client library pings for it.
import { connect, type Socket } from 'node:net'

const str = (s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')
  const len = Buffer.alloc(2)
  len.writeUInt16BE(b.length)
  return Buffer.concat([len, b])
}

const remainingLength = (n: number): Buffer => {
  const out: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    out.push(byte)
  } while (n > 0)
  return Buffer.from(out)
}

const packet = (first: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([first]), remainingLength(body.length), body])

export interface HungDeviceOptions {
  url: string // mqtt://host:port
  clientId: string
  statusTopic: string
  credentials: { username: string; password: string } | null
  keepaliveSec: number
}

/** Connects, publishes retained `online`, then goes silent. Returns the socket (destroy it to clean up). */
export function connectAndHang(o: HungDeviceOptions): Promise<Socket> {
  const url = new URL(o.url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 1883), url.hostname)
    socket.once('error', reject)
    socket.once('connect', () => {
      const flags =
        (o.credentials ? 0xc0 : 0) | 0x20 /* will retain */ | 0x08 /* will QoS 1 */ | 0x04 /* will */ | 0x02 /* clean */
      const keepalive = Buffer.alloc(2)
      keepalive.writeUInt16BE(o.keepaliveSec)
      const body = Buffer.concat([
        str('MQTT'),
        Buffer.from([4, flags]),
        keepalive,
        str(o.clientId),
        str(o.statusTopic),
        str(JSON.stringify({ id: 'will', state: 'offline' })),
        ...(o.credentials ? [str(o.credentials.username), str(o.credentials.password)] : []),
      ])
      socket.write(packet(0x10, body))
      socket.once('data', (connack) => {
        if (connack[0] !== 0x20 || connack[3] !== 0)
          return reject(new Error(`connect refused: ${connack.toString('hex')}`))
        const online = Buffer.concat([
          str(o.statusTopic),
          Buffer.from(JSON.stringify({ id: 'hung1', state: 'online' })),
        ])
        socket.write(packet(0x31 /* PUBLISH, QoS 0, retain */, online))
        resolve(socket)
      })
    })
  })
}
