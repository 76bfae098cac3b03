/**
 * A cancellation scope: a page owns one and cancels it when it closes; requests made
 * with it are aborted (Taro RequestTask.abort / AbortController on H5) and their
 * results ignored. (weapp has no AbortController, hence this small type.)
 */
export class CancelScope {
  private handlers = new Set<() => void>()
  private done = false

  get cancelled(): boolean {
    return this.done
  }

  cancel(): void {
    if (this.done) return
    this.done = true
    const hs = [...this.handlers]
    this.handlers.clear()
    hs.forEach((h) => {
      try {
        h()
      } catch {
        /* ignore */
      }
    })
  }

  /** Runs `h` on cancel; returns an unsubscribe function. */
  onCancel(h: () => void): () => void {
    if (this.done) {
      h()
      return () => {}
    }
    this.handlers.add(h)
    return () => this.handlers.delete(h)
  }
}
