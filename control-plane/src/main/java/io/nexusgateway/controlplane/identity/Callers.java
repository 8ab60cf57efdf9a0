package io.nexusgateway.controlplane.identity;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, for features that answer differently for admins and users. */
public final class Callers {
    private Callers() {}

    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /** The caller; endpoints behind authentication always have one. */
    public static Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("No authenticated caller on this request"));
    }
}
