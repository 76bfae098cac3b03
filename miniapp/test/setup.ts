import { cleanup } from '@testing-library/react'
import { resetApiState } from '../src/lib/api'
import { resetClock } from '../src/lib/clock'
import { resetElderCache } from '../src/lib/elder'
import { resetSessionCache } from '../src/lib/session'
import { resetTaro } from './taro'

process.env.TARO_ENV = 'h5'

beforeEach(() => {
  process.env.TARO_ENV = 'h5'
  resetTaro()
  resetSessionCache()
  resetElderCache()
  resetApiState()
  resetClock()
})

afterEach(() => {
  cleanup()
  jest.useRealTimers()
})

// Loads that finish after a test's last assertion make React print "not wrapped in
// act(...)"; that is noise here (the tests await what they assert), so it is dropped.
const realError = console.error
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('not wrapped in act')) return
    realError(...(args as []))
  })
})
