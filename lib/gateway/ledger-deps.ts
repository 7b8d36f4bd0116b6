import { appendUsage } from '../ledger/db';
import { growReservation, reserve } from '../ledger/reserve';
import { checkpoint, settle } from '../ledger/settle';
import type { GatewayDeps } from './pipeline';

/** The pipeline's money and record steps, backed by the real ledger. */
export const ledgerDeps: Pick<GatewayDeps, 'record' | 'settle' | 'checkpoint' | 'reserve' | 'grow'> = {
  record: appendUsage,
  settle,
  checkpoint,
  reserve,
  grow: growReservation,
};
