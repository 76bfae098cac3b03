import { api } from '../../lib/api'
import type { CancelScope } from '../../lib/cancel'
import { bestEffort } from '../../lib/errors'
import { personLabels } from '../../lib/people'

/**
 * Who the people of an order are and which products exist, best effort: the order list and its
 * detail page show neutral words when a lookup fails.
 */
export async function orderLookup(scope: CancelScope) {
  const [me, family, products] = await Promise.all([
    bestEffort(api.me({ scope })),
    bestEffort(api.familyMembers({ scope })),
    bestEffort(api.products({ scope })),
  ])
  return { names: personLabels(me, family), products: products ?? [] }
}
