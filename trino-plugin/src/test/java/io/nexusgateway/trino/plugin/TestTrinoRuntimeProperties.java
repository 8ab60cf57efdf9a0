package io.nexusgateway.trino.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.audit.NexusAuditListenerFactory;
import io.nexusgateway.trino.plugin.policy.NexusAccessControlFactory;
import io.nexusgateway.trino.plugin.resourcegroups.NexusResourceGroupsFactory;
import io.nexusgateway.trino.runtime.NexusTrinoPlugin;
import io.nexusgateway.trino.runtime.TrinoNodeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every property {@code trino-runtime} writes for this plugin ({@link NexusTrinoPlugin#install}, as bare strings) is
 * one the plugin's factories bind, by airlift's strict configuration (an unknown key stops Trino's start): a key
 * renamed on one side fails here, not when Trino starts.
 */
final class TestTrinoRuntimeProperties {
    @TempDir
    Path temp;

    private final io.nexusgateway.trino.plugin.NexusTrinoPlugin plugin =
            new io.nexusgateway.trino.plugin.NexusTrinoPlugin();

    private SortedMap<String, SortedMap<String, String>> written() {
        TrinoNodeConfig config = NexusTrinoPlugin.install(
                TrinoNodeConfig.of(temp.resolve("home"), 18081, "2G"),
                temp.resolve("nexus-trino-plugin"),
                URI.create("http://127.0.0.1:8080"),
                temp.resolve("internal-token"),
                temp.resolve("audit-spool"),
                "nexus-sync");
        return config.etcFiles();
    }

    @Test
    void testTheAccessControlTakesEveryKeyWritten() {
        NexusAccessControlFactory factory = (NexusAccessControlFactory)
                plugin.getSystemAccessControlFactories().iterator().next();
        assertBinds(
                written().get(NexusTrinoPlugin.ACCESS_CONTROL_FILE),
                "access-control.name",
                factory.getName(),
                factory::bootstrap);
    }

    @Test
    void testTheAuditListenerTakesEveryKeyWritten() {
        NexusAuditListenerFactory factory = (NexusAuditListenerFactory)
                plugin.getEventListenerFactories().iterator().next();
        assertBinds(
                written().get(NexusTrinoPlugin.EVENT_LISTENER_FILE),
                "event-listener.name",
                factory.getName(),
                factory::bootstrap);
    }

    @Test
    void testTheResourceGroupsTakeEveryKeyWritten() {
        NexusResourceGroupsFactory factory =
                (NexusResourceGroupsFactory) plugin.getResourceGroupConfigurationManagerFactories()
                        .iterator()
                        .next();
        assertBinds(
                written().get(NexusTrinoPlugin.RESOURCE_GROUPS_FILE),
                "resource-groups.configuration-manager",
                factory.getName(),
                factory::bootstrap);
    }

    @Test
    void testARenamedKeyFails() {
        NexusAuditListenerFactory factory = (NexusAuditListenerFactory)
                plugin.getEventListenerFactories().iterator().next();
        Map<String, String> properties = new HashMap<>(written().get(NexusTrinoPlugin.EVENT_LISTENER_FILE));
        properties.remove("event-listener.name");
        properties.put("nexus.audit.spool-directory", properties.remove("nexus.audit.spool-dir"));

        assertThatThrownBy(() -> factory.bootstrap(properties).configure())
                .hasMessageContaining("nexus.audit.spool-directory");
    }

    /**
     * Trino takes {@code nameKey} to pick the factory and hands it the rest, which airlift binds strictly: every
     * property used by a {@code @Config} setter, or the start fails.
     */
    private static void assertBinds(
            SortedMap<String, String> written,
            String nameKey,
            String factoryName,
            Function<Map<String, String>, Bootstrap> bootstrap) {
        assertThat(written).containsEntry(nameKey, factoryName);
        Map<String, String> properties = new HashMap<>(written);
        properties.remove(nameKey);
        assertThat(properties).isNotEmpty();

        assertThat(bootstrap.apply(properties).configure())
                .extracting(property -> property.name())
                .containsAll(properties.keySet());
    }
}
