import { expect, it } from 'vitest';
// A module that does not exist: the file fails to load, so none of its tests ever runs.
// @ts-expect-error -- the module is missing on purpose
import { missing } from './no-such-module';

it('never runs', () => expect(missing).toBeDefined());
