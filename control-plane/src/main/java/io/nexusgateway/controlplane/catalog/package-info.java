@NullMarked
package io.nexusgateway.controlplane.catalog;

import org.jspecify.annotations.NullMarked;
