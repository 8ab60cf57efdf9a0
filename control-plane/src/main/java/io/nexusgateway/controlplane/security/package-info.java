@NullMarked
package io.nexusgateway.controlplane.security;

import org.jspecify.annotations.NullMarked;
