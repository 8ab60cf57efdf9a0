package io.nexusgateway.trino.plugin;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The text of every query Trino is running, by query id, from the audit listener's {@code queryCreated} to its
 * {@code queryCompleted}: the access control does not see a table function's arguments, so this is how it reads the
 * native SQL of a {@code system.query} pass-through.
 *
 * <p>Trino 476 calls {@code queryCreated} synchronously in {@code LocalDispatchQueryFactory.createDispatchQuery},
 * before the query is analyzed (and so before any access check of its functions), with the same query id. The texts
 * are the strings Trino itself holds for the running query (no copy). Bounded: the oldest entries go first (queries
 * whose completion event never comes); a query whose text is not here has its pass-through refused (fail closed).
 */
public final class QueryTexts {
    static final int MAX_ENTRIES = 10_000;

    /**
     * @param text the statement as the client sent it
     * @param preparedText for {@code EXECUTE name}: the prepared statement's text
     */
    public record QueryText(String text, Optional<String> preparedText) {
        public QueryText {
            requireNonNull(text, "text is null");
            requireNonNull(preparedText, "preparedText is null");
        }
    }

    private final Map<String, QueryText> textsByQueryId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryText> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public synchronized void put(String queryId, QueryText text) {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(text, "text is null");
        textsByQueryId.put(queryId, text);
    }

    public synchronized Optional<QueryText> get(String queryId) {
        return Optional.ofNullable(textsByQueryId.get(queryId));
    }

    public synchronized void remove(String queryId) {
        textsByQueryId.remove(queryId);
    }
}
