// End to end against the embedded aedes broker (with per-device credentials and ACL).
import t from 'tap'
import { deviceSuite } from './fixtures/device-suite.ts'

deviceSuite(t, () => null)
