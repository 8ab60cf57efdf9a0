@NullMarked
package io.nexusgateway.controlplane.health;

import org.jspecify.annotations.NullMarked;
