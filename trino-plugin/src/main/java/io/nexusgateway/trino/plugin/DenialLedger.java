package io.nexusgateway.trino.plugin;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalogs the access control decided a change on (allowed or refused), by query id, until the audit listener
 * picks them up. A denied query never reaches planning, and DDL such as {@code CREATE SCHEMA} reads and writes no
 * table, so their completion events list no tables: this is how their audit records still name the datasource.
 * Bounded: the oldest entries go first (queries whose completion event never comes).
 */
public final class DenialLedger {
    static final int MAX_ENTRIES = 10_000;

    private final Map<String, Set<String>> catalogsByQueryId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public synchronized void record(String queryId, String catalogName) {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(catalogName, "catalogName is null");
        catalogsByQueryId.computeIfAbsent(queryId, _ -> new TreeSet<>()).add(catalogName);
    }

    /** The catalogs recorded for the query, removed from the ledger. */
    public synchronized Set<String> take(String queryId) {
        Set<String> catalogs = catalogsByQueryId.remove(queryId);
        return catalogs == null ? Set.of() : Set.copyOf(catalogs);
    }
}
