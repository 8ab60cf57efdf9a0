@NullMarked
package io.nexusgateway.controlplane.config;

import org.jspecify.annotations.NullMarked;
