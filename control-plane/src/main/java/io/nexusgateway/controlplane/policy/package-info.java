/** The read-only policy Trino enforces: which catalogs Nexus owns and which of them accept writes (issue 4). */
@NullMarked
package io.nexusgateway.controlplane.policy;

import org.jspecify.annotations.NullMarked;
