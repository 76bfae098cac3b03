export function releaseProblems(env: Record<string, string | undefined>): string[]
export function isLocalHost(hostname: string): boolean
