package io.nexusgateway.trino.plugin.policy;

import java.util.Optional;

/** The policy currently in force; empty when none was ever loaded (then every write is denied). */
public interface PolicySource {
    Optional<Policy> current();
}
