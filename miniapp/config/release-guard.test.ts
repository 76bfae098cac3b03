/** Release build guard (issue 15: "--release refuses a non-https or loopback/private API address and touristappid"). */
import { isLocalHost, releaseProblems } from './release-guard'

const ok = { BFF_URL: 'https://yibao.example.cn', TARO_APP_ID: 'wx0123456789abcdef' }

test('a public https BFF and a real app id pass', () => {
  expect(releaseProblems(ok)).toEqual([])
  expect(releaseProblems({ ...ok, BFF_URL: 'https://api.yibao.example.cn:8443/' })).toEqual([])
})

test.each([
  ['http://yibao.example.cn', /not https/],
  ['https://localhost:3000', /loopback\/private/],
  ['https://127.0.0.1', /loopback\/private/],
  ['https://192.168.1.20', /loopback\/private/],
  ['https://10.0.0.5', /loopback\/private/],
  ['https://172.20.1.1', /loopback\/private/],
  ['https://[::1]', /loopback\/private/],
  ['https://bff', /loopback\/private/],
  ['https://8.8.8.8', /IP address/],
  ['not a url', /not a URL/],
])('refuses BFF_URL %s', (url, why) => {
  const p = releaseProblems({ ...ok, BFF_URL: url })
  expect(p.some((m: string) => why.test(m))).toBe(true)
})

test('refuses the default (unset) BFF_URL', () => {
  expect(releaseProblems({ TARO_APP_ID: ok.TARO_APP_ID }).length).toBeGreaterThan(0)
})

test('refuses touristappid and a missing app id', () => {
  expect(releaseProblems({ ...ok, TARO_APP_ID: 'touristappid' })).toEqual([expect.stringMatching(/touristappid/)])
  expect(releaseProblems({ BFF_URL: ok.BFF_URL })).toEqual([expect.stringMatching(/TARO_APP_ID is not set/)])
})

test('public addresses are not local', () => {
  expect(isLocalHost('yibao.example.cn')).toBe(false)
  expect(isLocalHost('172.32.0.1')).toBe(false)
})
