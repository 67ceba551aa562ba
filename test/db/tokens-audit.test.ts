// API tokens (hashed) behind the TokenStore port, and the audit log.
import t from 'tap'
import { hashSecret, resolvePrincipal } from '../../src/auth/authenticate.ts'
import type { TokenRecord } from '../../src/auth/token-store.ts'
import { listAudit, recordAudit } from '../../src/db/repos/audit.ts'
import { PgTokenStore } from '../../src/db/repos/tokens.ts'
import { eachBackend } from './fixtures/backends.ts'

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0)

t.test('PgTokenStore keeps only hashes and honours revoke/expiry', (t) =>
  eachBackend(t, async (t, { db }) => {
    const tokens = new PgTokenStore(db)
    const manager: TokenRecord = {
      id: 'tok_m',
      hash: hashSecret('qms_manager_secret'),
      role: 'manager',
      halls: ['h1', 'h2'],
      label: '值班长',
      createdAt: NOW,
      expiresAt: null,
      revokedAt: null,
    }
    const admin: TokenRecord = {
      id: 'tok_a',
      hash: hashSecret('qms_admin_secret'),
      role: 'admin',
      halls: '*',
      createdAt: NOW + 1,
      expiresAt: NOW + 60_000,
      revokedAt: null,
    }
    const keypad: TokenRecord = {
      id: 'tok_k',
      hash: hashSecret('qms_keypad_secret'),
      role: 'device',
      halls: ['h1'],
      windows: ['3'],
      device: 'kp-3',
      createdAt: NOW + 2,
      expiresAt: null,
      revokedAt: null,
    }
    for (const r of [manager, admin, keypad]) await tokens.put(r)

    t.same(await tokens.get('tok_m'), manager)
    t.same(await tokens.findByHash(hashSecret('qms_keypad_secret')), keypad)
    t.same(await tokens.findByHash(hashSecret('wrong')), null)
    t.same(
      (await tokens.list()).map((r) => r.id),
      ['tok_m', 'tok_a', 'tok_k'],
    )
    const stored = await db.selectFrom('api_tokens').select(['hash']).execute()
    t.notOk(
      stored.some((r) => r.hash.includes('secret')),
      'no secret stored',
    )

    t.same(await resolvePrincipal(tokens, undefined, 'qms_keypad_secret', NOW), {
      tokenId: 'tok_k',
      role: 'device',
      halls: ['h1'],
      windows: ['3'],
      device: 'kp-3',
    })
    t.same(await resolvePrincipal(tokens, undefined, 'qms_admin_secret', NOW), {
      tokenId: 'tok_a',
      role: 'admin',
      halls: '*',
    })
    t.equal(await resolvePrincipal(tokens, undefined, 'qms_admin_secret', NOW + 60_000), null, 'expired')

    t.equal(await tokens.revoke('tok_m', NOW + 5), true)
    t.equal(await tokens.revoke('tok_m', NOW + 6), false, 'already revoked')
    t.equal(await tokens.revoke('nope', NOW), false)
    t.equal((await tokens.get('tok_m'))!.revokedAt, NOW + 5)
    t.equal(await resolvePrincipal(tokens, undefined, 'qms_manager_secret', NOW), null, 'revoked')

    await tokens.put({ ...keypad, windows: ['3', '4'] })
    t.same((await tokens.get('tok_k'))!.windows, ['3', '4'], 'put replaces the record')
    await t.rejects(tokens.put({ ...manager, id: 'tok_dup' }), 'hash is unique')
    await tokens.close()
  }),
)

t.test('audit log: record and list, newest first, filtered', (t) =>
  eachBackend(t, async (t, { db }) => {
    await recordAudit(db, {
      tokenId: 'tok_m',
      role: 'manager',
      ip: '10.0.0.8',
      action: 'hall.configure',
      target: 'h1',
      hall: 'h1',
      details: { version: 2 },
      at: new Date(NOW),
    })
    await recordAudit(db, {
      tokenId: 'tok_a',
      role: 'admin',
      ip: '::1',
      action: 'token.create',
      target: 'tok_k',
      at: new Date(NOW + 1000),
    })
    await recordAudit(db, {
      tokenId: 'tok_m',
      role: 'manager',
      ip: '10.0.0.8',
      action: 'ticket.cancel',
      target: 'tk9',
      hall: 'h2',
      at: new Date(NOW + 2000),
    })
    t.same(
      (await listAudit(db)).map((a) => a.action),
      ['ticket.cancel', 'token.create', 'hall.configure'],
    )
    t.match(await listAudit(db, { hall: 'h1' }), [
      { token_id: 'tok_m', role: 'manager', ip: '10.0.0.8', target: 'h1', details: { version: 2 }, at: new Date(NOW) },
    ])
    t.same(
      (await listAudit(db, { tokenId: 'tok_m', since: new Date(NOW + 1) })).map((a) => a.target),
      ['tk9'],
    )
    t.equal((await listAudit(db, { limit: 1 })).length, 1)
  }),
)
