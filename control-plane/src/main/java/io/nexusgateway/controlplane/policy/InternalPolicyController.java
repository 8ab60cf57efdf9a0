package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where Trino's {@code nexus} access control fetches the policy; only the internal token may call it. */
@RestController
@Hidden
class InternalPolicyController {
    private final PolicyService policy;

    InternalPolicyController(PolicyService policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping(path = "/internal/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyDocument> policy() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(policy.current());
    }
}
