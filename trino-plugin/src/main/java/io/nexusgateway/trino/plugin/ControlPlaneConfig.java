package io.nexusgateway.trino.plugin;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the Nexus control plane is and how to authenticate to it; shared by the access control and the audit
 * listener (both properties files carry these).
 */
public class ControlPlaneConfig {
    private URI controlPlaneUri;
    private Path tokenFile;
    private Duration requestTimeout = new Duration(5, TimeUnit.SECONDS);
    private String syncPrincipal = "nexus-sync";

    @NotNull
    public URI getControlPlaneUri() {
        return controlPlaneUri;
    }

    @Config("nexus.control-plane-uri")
    @ConfigDescription("Base URI of the Nexus control plane, e.g. http://127.0.0.1:8080")
    public ControlPlaneConfig setControlPlaneUri(URI controlPlaneUri) {
        this.controlPlaneUri = controlPlaneUri;
        return this;
    }

    @NotNull
    public Path getTokenFile() {
        return tokenFile;
    }

    @Config("nexus.token-file")
    @ConfigDescription("File holding the internal bearer token (re-read on every request, so it can be rotated)")
    public ControlPlaneConfig setTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @Config("nexus.request-timeout")
    @ConfigDescription("Connect and response timeout of each request to the control plane")
    public ControlPlaneConfig setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    @NotBlank
    public String getSyncPrincipal() {
        return syncPrincipal;
    }

    @Config("nexus.sync-principal")
    @ConfigDescription("Trino user of the catalog-sync service: the only one allowed to CREATE and DROP CATALOG;"
            + " its successful reads are not audited")
    public ControlPlaneConfig setSyncPrincipal(String syncPrincipal) {
        this.syncPrincipal = syncPrincipal;
        return this;
    }
}
