@NullMarked
package io.nexusgateway.controlplane.datasource;

import org.jspecify.annotations.NullMarked;
