/**
 * The part of undici tsctl uses: `Agent` and `Dispatcher#request`. undici's package entry loads all of undici
 * (fetch, WebSocket, cache, mocks, proxies, …), ~3x the start-up cost of these files (about 115 vs 40 ms
 * unbundled here), paid by every registry command; so the two modules are loaded directly and `request` is
 * attached the way undici's index does it. Types come from the package's own declarations.
 */
import type { Agent as AgentType } from 'undici';
// @ts-expect-error undici's internal CommonJS files have no declarations of their own
import AgentImpl from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error see above
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
// @ts-expect-error see above
import request from 'undici/lib/api/api-request.js';

const proto = (DispatcherImpl as { prototype: Record<string, unknown> }).prototype;
proto.request ??= request;

export type { Dispatcher } from 'undici';
export type Agent = AgentType;
export const Agent = AgentImpl as typeof AgentType;
