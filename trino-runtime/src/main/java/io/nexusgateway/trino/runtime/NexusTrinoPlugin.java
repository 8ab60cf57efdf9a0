package io.nexusgateway.trino.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Settings of Nexus' Trino plugin (module {@code trino-plugin}, directory {@code nexus-trino-plugin}): the
 * {@code nexus} system access control (read-only policy and grants), the {@code nexus-audit} event listener (audit
 * trail) and the {@code nexus} resource group manager (per-user query limits), all talking to the control plane's {@code /internal/v1/**} with the internal token file.
 */
public final class NexusTrinoPlugin {
    public static final String ACCESS_CONTROL_FILE = "access-control.properties";
    public static final String EVENT_LISTENER_FILE = "event-listener.properties";
    // Trino reads this file name by itself
    public static final String RESOURCE_GROUPS_FILE = "resource-groups.properties";

    private NexusTrinoPlugin() {}

    /**
     * {@code config} with the plugin directory installed into {@code plugin/}, and access control and event listener
     * configured in {@code etc/}; the audit spool is {@code spoolDir}.
     */
    public static TrinoNodeConfig install(
            TrinoNodeConfig config,
            Path pluginDir,
            URI controlPlaneUri,
            Path tokenFile,
            Path spoolDir,
            String syncPrincipal) {
        SortedMap<String, String> controlPlane = new TreeMap<>();
        controlPlane.put("nexus.control-plane-uri", controlPlaneUri.toString());
        controlPlane.put("nexus.token-file", tokenFile.toAbsolutePath().toString());
        controlPlane.put("nexus.sync-principal", syncPrincipal);

        SortedMap<String, String> accessControl = new TreeMap<>(controlPlane);
        accessControl.put("access-control.name", "nexus");
        SortedMap<String, String> eventListener = new TreeMap<>(controlPlane);
        eventListener.put("event-listener.name", "nexus-audit");
        eventListener.put("nexus.audit.spool-dir", spoolDir.toAbsolutePath().toString());
        SortedMap<String, String> resourceGroups = new TreeMap<>(controlPlane);
        resourceGroups.put("resource-groups.configuration-manager", "nexus");

        Path etc = config.home().resolve("etc");
        java.util.List<Path> plugins = new java.util.ArrayList<>(config.extraPlugins());
        plugins.add(pluginDir);
        return config.withExtraPlugins(plugins)
                .withEtcFile(ACCESS_CONTROL_FILE, accessControl)
                .withEventListener(EVENT_LISTENER_FILE, eventListener)
                .withEtcFile(RESOURCE_GROUPS_FILE, resourceGroups)
                .withExtraConfig(Map.of(
                        "access-control.config-files",
                        etc.resolve(ACCESS_CONTROL_FILE).toString()));
    }
}
