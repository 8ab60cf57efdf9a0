package io.nexusgateway.controlplane.web;

import org.jspecify.annotations.Nullable;

/** Versions as entity tags: {@code ETag: "3"} out, {@code If-Match: "3"} (or {@code W/"3"}, or {@code 3}) in. */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header names; null when absent. */
    public static @Nullable Long parseIfMatch(@Nullable String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        try {
            return Long.parseLong(value.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new NexusException(
                    ProblemType.MALFORMED_REQUEST, "If-Match must carry a " + what + " version such as \"3\"");
        }
    }
}
