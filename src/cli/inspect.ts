// What the read-only commands (list, status) share: the state as it is, the inventory, and the plan, without the
// lock and without changing anything.
import { describeInventoryScope, readInventory } from '../coordinator/inventory.ts';
import type { Inventory } from '../host/inventory-types.ts';
import { planRun } from '../plan/plan-run.ts';
import type { Plan } from '../plan/types.ts';
import type { State } from '../state/state-schema.ts';
import { readStateForInspection } from '../state/state-store.ts';
import type { CommandContext } from './context.ts';

export interface Inspection {
  state: State;
  inventory: Inventory;
  plan: Plan;
  notices: string[];
}

/** Reads state and host and plans a full cycle, changing nothing. */
export async function inspectHost(context: CommandContext): Promise<Inspection> {
  const { state, notices } = await readStateForInspection(context.config.statefile, context.config.lvmTag);
  const inventory = await readInventory(context.host, describeInventoryScope(context.config, state), context.config.timeouts);
  const plan = planRun(context.config, inventory, state, context.now, context.volumes ? { volumes: context.volumes } : {});
  return { state, inventory, plan, notices };
}
