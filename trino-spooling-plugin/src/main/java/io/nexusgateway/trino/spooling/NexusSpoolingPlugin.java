package io.nexusgateway.trino.spooling;

import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.spool.SpoolingManager;
import io.trino.spi.spool.SpoolingManagerContext;
import io.trino.spi.spool.SpoolingManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * {@code spooling-manager.name=nexus-filesystem}, whose settings are those of the wrapped {@code filesystem} manager
 * (its plugin's jars share this class loader), and {@code event-listener.name=nexus-spooling-cleanup}, which takes
 * none: both share one {@link QuerySegments}.
 */
public final class NexusSpoolingPlugin implements Plugin {
    static final String MANAGER = "nexus-filesystem";
    static final String LISTENER = "nexus-spooling-cleanup";
    static final String WRAPPED = "filesystem";

    private final QuerySegments segments = new QuerySegments();

    @Override
    public Iterable<SpoolingManagerFactory> getSpoolingManagerFactories() {
        return List.of(new SpoolingManagerFactory() {
            @Override
            public String getName() {
                return MANAGER;
            }

            @Override
            public SpoolingManager create(Map<String, String> config, SpoolingManagerContext context) {
                return new CleaningSpoolingManager(wrappedFactory().create(config, context), segments);
            }
        });
    }

    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories() {
        return List.of(new EventListenerFactory() {
            @Override
            public String getName() {
                return LISTENER;
            }

            @Override
            public EventListener create(Map<String, String> config, EventListenerContext context) {
                if (!config.isEmpty()) {
                    throw new IllegalArgumentException(LISTENER + " takes no settings: " + config.keySet());
                }
                return segments;
            }
        });
    }

    private static SpoolingManagerFactory wrappedFactory() {
        return ServiceLoader.load(Plugin.class, NexusSpoolingPlugin.class.getClassLoader()).stream()
                .filter(provider -> provider.type() != NexusSpoolingPlugin.class)
                .flatMap(provider -> StreamSupport.stream(
                        provider.get().getSpoolingManagerFactories().spliterator(), false))
                .filter(factory -> factory.getName().equals(WRAPPED))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Trino's '" + WRAPPED
                        + "' spooling manager is not in plugin/nexus-spooling-plugin/: lay it out with trino-runtime"));
    }
}
