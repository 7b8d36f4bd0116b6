import { priceOf } from '../catalog/catalog';
import { appendUsage } from '../ledger/db';
import { growReservation, reserve } from '../ledger/reserve';
import { checkpoint, settle } from '../ledger/settle';
import type { GatewayDeps } from './pipeline';

/** The pipeline's money and record steps, backed by the real ledger and price catalog. */
export const ledgerDeps: Pick<GatewayDeps, 'record' | 'settle' | 'checkpoint' | 'priceOf' | 'reserve' | 'grow'> = {
  record: appendUsage,
  settle,
  checkpoint,
  priceOf,
  reserve,
  grow: growReservation,
};
