import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Batched subgraph calls: the gateway sends the calls one client request makes to a subgraph in the
 * same step of its plan as one HTTP request holding an array of operations (Apollo Server's
 * `allowBatchedHttpRequests`). The batch's `cache-control` header can hold only one hint, so each
 * operation's own travels in its answer's extensions, where the gateway takes it out again.
 */

/** Sent with a batch (its number of operations): asks the subgraph for each operation's cache hint. */
export const batchHeader = 'x-plan-batch';

/** Where each operation of a batch carries its `cache-control` header value. */
export const batchCacheControlExtension = 'planCacheControl';

/**
 * The subgraph side: after Apollo's cache-control plugin has set an operation's header, copies it
 * into that operation's extensions when it came in a batch. Listed after ApolloServerPluginCacheControl.
 */
export function batchCacheHintsPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async ({ request }) => {
      if (!request.http?.headers.get(batchHeader)) return;
      return {
        willSendResponse: async ({ response }) => {
          if (response.body.kind !== 'single') return;
          const hint = response.http.headers.get('cache-control');
          if (hint === undefined) return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, [batchCacheControlExtension]: hint };
        },
      };
    },
  };
}
