/**
 * webpack pre-loader for zod's files in the mini-program bundles (config/index.ts). zod reads
 * `globalThis` unguarded and calls `BigInt(...)` at module load (its int64/uint64 ranges);
 * iOS JavaScriptCore before 12.2 has no `globalThis`, before 14 no `BigInt`, and the page that
 * loads zod throws before it renders. This rewrites both names to guarded module-local
 * bindings: the real global when it exists, else a module-local object / Number. The app uses
 * no bigint schema, so Number in place of BigInt only affects ranges it never checks.
 * It also takes away zod's JIT: WeChat's app service forbids the Function constructor, and
 * zod probes it (`const F = Function; new F("")`); here `F` is a function that throws, so zod
 * takes its jitless path (as with `z.config({ jitless: true })`) and no `new Function` ships.
 */
module.exports = function zodOldIosLoader(source) {
  const usesGlobal = /\bglobalThis\b/.test(source)
  const usesBigInt = /\bBigInt\s*\(/.test(source)
  const usesFunction = /=\s*Function\s*;/.test(source)
  if (!usesGlobal && !usesBigInt && !usesFunction) return source
  let out = source
  const head = []
  if (usesGlobal) {
    out = out.replace(/\bglobalThis\b/g, '__yibaoGlobal')
    head.push('var __yibaoGlobal = typeof globalThis !== "undefined" ? globalThis : {};')
  }
  if (usesBigInt) {
    out = out.replace(/\bBigInt\s*\(/g, '__yibaoBigInt(')
    head.push('var __yibaoBigInt = typeof BigInt === "function" ? BigInt : function (v) { return Number(v); };')
  }
  if (usesFunction) {
    out = out.replace(/=\s*Function\s*;/g, '= __yibaoNoFunction;')
    head.push('var __yibaoNoFunction = function () { throw new Error("no Function constructor in the mini-program"); };')
  }
  // after the imports would be tidier, but `var` is hoisted and ESM imports are too: either order works
  return head.join('\n') + '\n' + out
}
