/**
 * The {@code nexus-filesystem} spooling manager: Trino's {@code filesystem} spooling manager, and the segments of a
 * query that failed or was canceled deleted when it ends. Trino 476 names a segment by a random id only, so once its
 * query is gone nothing else can tell whose it was: the pruner would keep it until its TTL (an hour), and a burst of
 * canceled streams would fill the store meanwhile.
 *
 * <p>Segments are written by the node that runs a query's output stage and queries end on the coordinator, where the
 * {@code nexus-spooling-cleanup} event listener hears of it: on one node (Nexus' default) every segment is covered; a
 * worker's segments of a canceled query still wait for the TTL.
 */
package io.nexusgateway.trino.spooling;
