import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { CancelScope } from './cancel'
import { isCancelled } from './errors'
import type { FieldErrors } from './memberForm'

/** A CancelScope that lives as long as the component: cancelled when the page closes. */
export function useScope(): CancelScope {
  const ref = useRef<CancelScope>()
  if (!ref.current || ref.current.cancelled) ref.current = new CancelScope()
  useEffect(() => {
    if (!ref.current || ref.current.cancelled) ref.current = new CancelScope()
    const scope = ref.current
    return () => scope.cancel()
  }, [])
  return ref.current
}

/** true after unmount; async continuations check it before touching state. */
export function useMounted(): { readonly current: boolean } {
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  return mounted
}

export type LoadStatus = 'loading' | 'ok' | 'error'

export interface Loaded<T> {
  status: LoadStatus
  data: T | undefined
  error: unknown
  /** Loads again; keeps showing the previous data while it runs (quiet = no spinner). */
  reload: (quiet?: boolean) => Promise<void>
  setData: (d: T) => void
}

/** Loads data for a page with loading / ok / error states; ignores answers after close. */
export function useLoader<T>(load: (scope: CancelScope) => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const scope = useScope()
  const [state, setState] = useState<{ status: LoadStatus; data: T | undefined; error: unknown }>({
    status: 'loading',
    data: undefined,
    error: undefined,
  })
  const generation = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(
    async (quiet = false) => {
      const gen = ++generation.current
      if (!quiet) setState((s) => ({ ...s, status: s.data === undefined ? 'loading' : s.status, error: undefined }))
      try {
        const data = await loadRef.current(scope)
        if (gen !== generation.current || scope.cancelled) return
        setState({ status: 'ok', data, error: undefined })
      } catch (error) {
        if (gen !== generation.current || scope.cancelled || isCancelled(error)) return
        setState((s) => ({ status: 'error', data: s.data, error }))
      }
    },
    [scope],
  )

  useEffect(() => {
    void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  const setData = useCallback((data: T) => setState({ status: 'ok', data, error: undefined }), [])
  return { ...state, reload, setData }
}

/**
 * Runs `cb` each time the page is shown again (tab pages stay mounted in Taro), but not
 * for the first show, which the mount-time load already covers.
 */
export function useReshow(cb: () => void): void {
  const mountedAt = useRef(Date.now())
  const cbRef = useRef(cb)
  cbRef.current = cb
  useDidShow(() => {
    if (Date.now() - mountedAt.current < 800) return
    cbRef.current()
  })
}

/** The current time, ticking every `ms` while mounted. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}

type FieldName = keyof FieldErrors

/**
 * A form checked as it is typed (实名认证, 添加成员): its values, which fields the person has left
 * (a field's own error shows only then, or after a submit), and the field errors the BFF sent back
 * (cleared when that field changes). `check` gives the instant errors of the values.
 */
export function useFieldForm<V extends { [K in FieldName]?: string }>(initial: V, check: (values: V) => FieldErrors) {
  const [values, setValues] = useState<V>(initial)
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({})
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const local = check(values)
  const shown = (k: keyof V & FieldName) => (touched[k] ? local[k] : undefined) ?? serverErrors[k]
  const change =
    <K extends keyof V & FieldName>(k: K) =>
    (v: V[K]) => {
      setValues((old) => ({ ...old, [k]: v }))
      setServerErrors((old) => ({ ...old, [k]: undefined }))
    }
  /** leaving a field shows its error, unless it was left empty */
  const blur = (k: keyof V) => () => setTouched((t) => (values[k] ? { ...t, [k]: true } : t))
  return {
    values,
    /** the instant errors of the current values */
    local,
    shown,
    change,
    /** a text field's value, error and handlers: <Field {...field('name')} /> */
    field: (k: keyof V & FieldName) => ({ value: values[k] ?? '', onChange: change(k) as (v: string) => void, onBlur: blur(k), error: shown(k) }),
    /** a submit shows every field's error */
    touchAll: () => setTouched(Object.fromEntries(Object.keys(initial).map((k) => [k, true])) as Partial<Record<keyof V, boolean>>),
    setServerErrors,
  }
}
