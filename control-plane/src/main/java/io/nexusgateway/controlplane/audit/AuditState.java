package io.nexusgateway.controlplane.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** How a query ended, as Trino's audit listener reports it; the wire value is the name. */
public enum AuditState {
    SUCCEEDED,
    FAILED,
    /** refused by the read-only policy or another access check */
    DENIED;

    /**
     * The state a delivered record names exactly, or null for a value Trino never sends: the record is then refused
     * by its field ("state is not a known state"), not as a record that does not bind.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static @Nullable AuditState fromWire(@Nullable String value) {
        return Arrays.stream(values())
                .filter(state -> state.name().equals(value))
                .findFirst()
                .orElse(null);
    }

    /** The state a search asks for, in any case and with blanks around it. */
    static Optional<AuditState> parse(String value) {
        return Optional.ofNullable(fromWire(value.strip().toUpperCase(Locale.ROOT)));
    }
}
