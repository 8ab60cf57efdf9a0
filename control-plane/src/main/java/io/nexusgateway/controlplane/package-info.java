@NullMarked
package io.nexusgateway.controlplane;

import org.jspecify.annotations.NullMarked;
