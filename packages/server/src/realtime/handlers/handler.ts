import type { Actor } from '@brigade/core';
import type { ClientFrameOf, ClientFrameType } from '@brigade/protocol';
import type { AppContext } from '../../context.js';
import type { Connection } from '../connection.js';
import type { Hub } from '../hub.js';

export interface HandlerContext {
  ctx: AppContext;
  hub: Hub;
  connection: Connection;
}

/** Handles one authenticated client frame type; errors thrown become `error` frames. */
export type Handler<T extends ClientFrameType> = (hc: HandlerContext, frame: ClientFrameOf<T>, actor: Actor) => Promise<void>;
