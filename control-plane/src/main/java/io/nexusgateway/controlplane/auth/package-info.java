/**
 * Gateway-issued credentials: the RS256 signing keys (a JWK Set file, rotated with a publish-ahead window), the access
 * tokens signed with them, their verification, and the public JWKS Trino and clients verify against.
 */
@NullMarked
package io.nexusgateway.controlplane.auth;

import org.jspecify.annotations.NullMarked;
