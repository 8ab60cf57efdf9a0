@NullMarked
package io.nexusgateway.controlplane.web;

import org.jspecify.annotations.NullMarked;
