// Spoken call announcements, one at a time, through the browser's speechSynthesis when it has a
// voice for the language (a hall board runs Chromium with --autoplay-policy=no-user-gesture-required;
// without it the browser refuses to speak until someone touches the page, and `blocked` says so).
// The caption callback runs for every announcement, with or without a voice.
/* global speechSynthesis, SpeechSynthesisUtterance */
import { announcementText } from './format.js'

const MAX_UTTERANCE_MS = 12000 // an utterance whose 'end' never comes must not block the queue
const GAP_MS = 600
const SILENT_MS = 2500 // how long a caption stays alone when nothing can be spoken

export class Announcer {
  /**
   * @param {object} o
   * @param {string[]} [o.langs]   e.g. ['zh-CN'] or ['zh-CN', 'en']
   * @param {number} [o.repeat]    times each call is said
   * @param {boolean} [o.speak]    false: captions only (the bridge's speakers do the audio)
   * @param {(caption: {number: string, window: string}) => void} [o.onCaption]
   * @param {() => void} [o.onBlocked]  the browser refused to speak without a user gesture
   */
  constructor(o = {}) {
    this.langs = o.langs ?? ['zh-CN']
    this.repeat = Math.max(1, o.repeat ?? 2)
    this.speak = o.speak !== false && typeof speechSynthesis !== 'undefined'
    this.onCaption = o.onCaption ?? (() => {})
    this.onBlocked = o.onBlocked ?? (() => {})
    this.queue = []
    this.busy = false
    this.blocked = false
  }

  enqueue(number, windowName) {
    this.queue.push({ number, windowName })
    if (!this.busy) void this.drain()
  }

  async drain() {
    this.busy = true
    while (this.queue.length > 0) {
      const item = this.queue.shift()
      this.onCaption({ number: item.number, window: item.windowName })
      const spoken = await this.sayAll(item)
      if (!spoken) await sleep(SILENT_MS)
      await sleep(GAP_MS)
    }
    this.busy = false
  }

  /** Says the call `repeat` times in each language; false when nothing could be spoken. */
  async sayAll(item) {
    if (!this.speak || this.blocked) return false
    let any = false
    for (let i = 0; i < this.repeat; i++) {
      for (const lang of this.langs) {
        const voice = voiceFor(lang)
        if (!voice) continue
        any = (await this.say(announcementText(item.number, item.windowName, lang), lang, voice)) || any
        if (this.blocked) return any
      }
    }
    return any
  }

  say(text, lang, voice) {
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text)
      u.lang = lang
      u.voice = voice
      u.rate = 0.9
      const done = (ok) => {
        clearTimeout(timer)
        resolve(ok)
      }
      const timer = setTimeout(() => {
        speechSynthesis.cancel()
        done(false)
      }, MAX_UTTERANCE_MS)
      u.onend = () => done(true)
      u.onerror = (e) => {
        if (e.error === 'not-allowed') {
          this.blocked = true
          this.onBlocked()
        }
        done(false)
      }
      speechSynthesis.speak(u)
    })
  }

  /** After a user gesture (the "enable sound" button): try speaking again. */
  unblock() {
    this.blocked = false
  }
}

function voiceFor(lang) {
  const voices = speechSynthesis.getVoices()
  const prefix = lang.slice(0, 2)
  return voices.find((v) => v.lang === lang) ?? voices.find((v) => v.lang.startsWith(prefix)) ?? null
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
