package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engine adapters enabled here: one per engine (the first configured wins), and each by its name. An adapter is
 * made on first use, since making one may resolve an engine's client classpath with Maven: a control plane whose
 * users never run a Spark job never pays for it.
 */
final class JobEngines {
    private final Map<Engine, Entry> byEngine = new EnumMap<>(Engine.class);
    private final Map<String, Entry> byName = new HashMap<>();

    JobEngines(List<Entry> entries) {
        for (Entry entry : entries) {
            byEngine.putIfAbsent(entry.engine(), entry);
            if (byName.putIfAbsent(entry.name(), entry) != null) {
                throw new IllegalArgumentException("two engine adapters are named " + entry.name());
            }
        }
    }

    static Entry entry(String name, Engine engine, Supplier<EngineAdapter> factory) {
        return new Entry(name, engine, factory);
    }

    Set<Engine> available() {
        return Set.copyOf(byEngine.keySet());
    }

    Optional<EngineAdapter> forEngine(Engine engine) {
        return Optional.ofNullable(byEngine.get(engine)).map(Entry::adapter);
    }

    /** The adapter that submitted a job, by the name stored with it (also after a restart). */
    Optional<EngineAdapter> byName(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::adapter);
    }

    /** The engine an adapter runs, without making the adapter. */
    Optional<Engine> engineOf(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::engine);
    }

    /** An adapter by name and engine, made once on first use. */
    static final class Entry {
        private final String name;
        private final Engine engine;
        private final Supplier<EngineAdapter> factory;
        private volatile EngineAdapter adapter;

        private Entry(String name, Engine engine, Supplier<EngineAdapter> factory) {
            this.name = requireNonNull(name, "name is null");
            this.engine = requireNonNull(engine, "engine is null");
            this.factory = requireNonNull(factory, "factory is null");
        }

        String name() {
            return name;
        }

        Engine engine() {
            return engine;
        }

        EngineAdapter adapter() {
            EngineAdapter made = adapter;
            if (made == null) {
                synchronized (this) {
                    made = adapter;
                    if (made == null) {
                        made = requireNonNull(factory.get(), "engine adapter factory answered null");
                        adapter = made;
                    }
                }
            }
            return made;
        }
    }
}
