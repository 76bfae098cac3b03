// Node/V8 flags the BFF runs with (`npm start`, `npm --workspace bff start`, the bench; cluster
// workers inherit them). Under load most of a request's allocations die young, and with V8's
// default 16 MB semi-space the young generation is scavenged thousands of times a second:
// 64 MB measured +19 % eligibility, +11 % check-in and +39 % orders (req/s, PostgreSQL, 50
// connections, bench/README.md) for at most ~100 MB more memory per process.
// bff/package.json's "start" script repeats these flags.
module.exports = ['--max-semi-space-size=64'];
