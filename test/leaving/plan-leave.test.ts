import { describe, expect, it } from 'vitest'
import type { ListRow, SubscriptionStatus } from '../../src/db/schema.js'
import { planLeave } from '../../src/domain/leaving/leave-lists.js'

function list(id: string, options: { cancels?: boolean; archived?: boolean } = {}): ListRow {
  return {
    id,
    name: id,
    description: '',
    legal_basis: options.cancels ? 'contract' : 'consent',
    public: 1,
    double_opt_in: 1,
    cancels_account: options.cancels ? 1 : 0,
    synced: 1,
    archived: options.archived ? 1 : 0,
    position: 0,
    created_at: 0,
    updated_at: 0,
  }
}

const newsletter = list('newsletter')
const webinars = list('webinars')
const oldList = list('old-list', { archived: true })
const advisories = list('technical-advisories', { cancels: true })
const callReports = list('call-reports')
const lists = [newsletter, webinars, oldList, advisories, callReports]
const statuses = new Map<string, SubscriptionStatus>([
  ['newsletter', 'subscribed'],
  ['webinars', 'unsubscribed'],
  ['old-list', 'subscribed'],
  ['technical-advisories', 'subscribed'],
])

describe('planLeave: the one rule for leaving lists', () => {
  it('leave-all leaves every list the person is on, archived ones included', () => {
    expect(planLeave(lists, statuses, { kind: 'all' }, true)).toEqual({
      leave: [newsletter, oldList, advisories],
      kept: [],
      refused: false,
      cancelsAccount: true,
    })
  })

  it('leave-all keeps an account-cancelling list unless confirmed, and goes ahead with the rest', () => {
    expect(planLeave(lists, statuses, { kind: 'all' }, false)).toEqual({
      leave: [newsletter, oldList],
      kept: [advisories],
      refused: false,
      cancelsAccount: false,
    })
  })

  it('a one-list request leaves that list only; not being on it changes nothing', () => {
    expect(planLeave(lists, statuses, { kind: 'list', listId: 'old-list' }, false).leave).toEqual([
      oldList,
    ])
    expect(
      planLeave(lists, statuses, { kind: 'list', listId: 'call-reports' }, false).leave,
    ).toEqual([])
  })

  it('a one-list request for the account-cancelling list is refused without the tick, even when off it', () => {
    const off = new Map<string, SubscriptionStatus>([['technical-advisories', 'unsubscribed']])
    for (const current of [statuses, off]) {
      expect(
        planLeave(lists, current, { kind: 'list', listId: 'technical-advisories' }, false),
      ).toMatchObject({ leave: [], refused: true })
    }
    expect(
      planLeave(lists, statuses, { kind: 'list', listId: 'technical-advisories' }, true),
    ).toEqual({ leave: [advisories], kept: [], refused: false, cancelsAccount: true })
  })

  it('a save leaves every unwanted list the person is on, and is refused whole if that unticks the cancelling list', () => {
    expect(
      planLeave(lists, statuses, { kind: 'all_but', wanted: ['technical-advisories'] }, false),
    ).toEqual({ leave: [newsletter, oldList], kept: [], refused: false, cancelsAccount: false })
    expect(planLeave(lists, statuses, { kind: 'all_but', wanted: [] }, false)).toEqual({
      leave: [],
      kept: [advisories],
      refused: true,
      cancelsAccount: false,
    })
  })

  it('the admin API leaves exactly the named lists, whatever their status', () => {
    expect(
      planLeave(lists, statuses, { kind: 'named', listIds: ['call-reports', 'old-list'] }, true)
        .leave,
    ).toEqual([oldList, callReports])
  })

  it('treats pending like subscribed (a pending list is left too)', () => {
    const pending = new Map([['webinars', 'pending' as const]])
    expect(planLeave(lists, pending, { kind: 'all' }, false).leave).toEqual([webinars])
  })
})
