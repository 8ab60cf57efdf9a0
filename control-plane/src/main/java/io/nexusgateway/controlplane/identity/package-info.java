/**
 * Who is who: users (Argon2id passwords, roles {@code admin}/{@code user}, enabled flag), groups, API keys (SHA-256
 * hashed, shown once) and the bootstrap admin. Other features use {@link io.nexusgateway.controlplane.identity.UserService},
 * {@link io.nexusgateway.controlplane.identity.GroupService} and, to authenticate,
 * {@link io.nexusgateway.controlplane.identity.Authenticator}; {@link io.nexusgateway.controlplane.identity.Caller} is the
 * authenticated principal every feature sees.
 */
@NullMarked
package io.nexusgateway.controlplane.identity;

import org.jspecify.annotations.NullMarked;
