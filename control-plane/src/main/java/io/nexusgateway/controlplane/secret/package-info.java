@NullMarked
package io.nexusgateway.controlplane.secret;

import org.jspecify.annotations.NullMarked;
