package io.nexusgateway.testing.db;

import com.sun.security.auth.module.UnixSystem;

/** The Unix identity of this JVM: database servers treat root differently. */
final class Uid {
    private Uid() {}

    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
