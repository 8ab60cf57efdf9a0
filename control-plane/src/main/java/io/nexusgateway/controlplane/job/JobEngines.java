package io.nexusgateway.controlplane.job;

import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The engine adapters enabled here: one per engine (the first configured wins), and each by its name. */
final class JobEngines {
    private final Map<Engine, EngineAdapter> byEngine = new EnumMap<>(Engine.class);
    private final Map<String, EngineAdapter> byName = new java.util.HashMap<>();

    JobEngines(List<EngineAdapter> adapters) {
        for (EngineAdapter adapter : adapters) {
            byEngine.putIfAbsent(adapter.engine(), adapter);
            byName.put(adapter.name(), adapter);
        }
    }

    Set<Engine> available() {
        return Set.copyOf(byEngine.keySet());
    }

    Optional<EngineAdapter> forEngine(Engine engine) {
        return Optional.ofNullable(byEngine.get(engine));
    }

    /** The adapter that submitted a job, by the name stored with it (also after a restart). */
    Optional<EngineAdapter> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
