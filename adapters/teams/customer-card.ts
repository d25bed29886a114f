import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { CustomerOverview } from '../../src/views/customer-view.js';

/**
 * One customer's card (`ar`, the chooser's buttons, and redrawn after a click on it, with `notice` on top), its
 * owners and dispute owners mentioned by Teams id.
 */
export async function customerCard(people: ChatPeople, o: CustomerOverview, notice?: string): Promise<TeamsCard> {
  const owners = [o.owners.sales, o.owners.delivery, ...o.disputes.map((d) => d.owner)].filter((p) => p !== null);
  return buildCustomerCard(o, await people.teamsIds(owners), notice === undefined ? {} : { notice });
}
