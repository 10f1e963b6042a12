// IPC domain `policy`: the IT policy file as main loaded it (it holds no secrets), for Settings to offer only
// the environments and languages IT allows. A broken file is answered as such, with every problem, never as
// "no policy": IT must see why the app refuses to configure Booster.
import { z } from 'zod';
import { itPolicySchema } from '../policy/itPolicy';
import { invokeChannel, noRequest } from './contract';

export const policyViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('loaded'), source: z.string().max(4096), policy: itPolicySchema }),
  z.object({
    state: z.literal('broken'),
    source: z.string().max(4096),
    /** "<field>: <what is wrong>", or why the file could not be read. */
    problems: z.array(z.string().max(2000)).min(1).max(100),
  }),
]);
export type PolicyView = z.infer<typeof policyViewSchema>;

export const policyChannels = {
  get: invokeChannel('policy:get', noRequest, policyViewSchema),
};
