package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.engines.Engine;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Picks each job's engine and says why, in words stored with the job: streaming jobs run on Flink; then the first
 * admin rule that matches; then the engine the job requested; then Trino's estimate of the input against {@code
 * trino-max-input}; a job whose input Trino cannot estimate goes to the {@code unknown-size} engine. An engine that is
 * not enabled, or cannot read an input (types only Trino serves), is never picked by size; asked for by a rule or a
 * request, it is refused.
 */
final class JobRouter {
    private final NexusProperties.Routing settings;

    JobRouter(NexusProperties.Routing settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * @param job who runs what
     * @param available the engines enabled here
     * @param trinoOnly catalogs only Trino can read (no JDBC connection for other engines), sorted
     * @throws JobException if the job's streaming, rule or request names an engine that cannot run it
     */
    Decision route(Job job, Set<Engine> available, List<String> trinoOnly) {
        if (job.streaming()) {
            if (job.requested() != null && job.requested() != Engine.FLINK) {
                throw JobException.engineCannotRun(job.requested(), "streaming jobs run on flink only");
            }
            return require(Engine.FLINK, "streaming jobs run on Flink", available, trinoOnly);
        }
        List<NexusProperties.Rule> rules = settings.rules();
        for (int index = 0; index < rules.size(); index++) {
            NexusProperties.Rule rule = rules.get(index);
            if (matches(rule, job)) {
                return require(
                        rule.engine(), "rule " + (index + 1) + " (" + describe(rule) + ")", available, trinoOnly);
            }
        }
        if (job.requested() != null) {
            return require(job.requested(), "requested by the job", available, trinoOnly);
        }
        if (!trinoOnly.isEmpty()) {
            return new Decision(
                    Engine.TRINO, "trino: " + String.join(", ", trinoOnly) + " can be read through Trino only");
        }
        OptionalLong bytes = job.estimatedInputBytes();
        long threshold = settings.trinoMaxInput().toBytes();
        Decision bySize;
        if (bytes.isEmpty()) {
            Engine engine = settings.unknownSize();
            bySize = new Decision(
                    engine,
                    engine.wireName() + ": no size estimate for " + String.join(", ", job.unestimated())
                            + " (no table statistics); jobs of unknown size run on " + engine.wireName());
        } else if (bytes.getAsLong() <= threshold) {
            bySize = new Decision(
                    Engine.TRINO,
                    "trino: estimated input " + format(bytes.getAsLong()) + " <= " + format(threshold) + " threshold");
        } else {
            bySize = new Decision(
                    Engine.SPARK,
                    "spark: estimated input " + format(bytes.getAsLong()) + " > " + format(threshold) + " threshold");
        }
        if (!available.contains(bySize.engine())) {
            return new Decision(
                    Engine.TRINO, bySize.reason() + ", but " + bySize.engine().wireName() + " is not enabled: trino");
        }
        return bySize;
    }

    private static Decision require(Engine engine, String why, Set<Engine> available, List<String> trinoOnly) {
        if (!available.contains(engine)) {
            throw JobException.engineUnavailable(engine, why);
        }
        if (engine != Engine.TRINO && !trinoOnly.isEmpty()) {
            throw JobException.engineCannotRun(
                    engine, String.join(", ", trinoOnly) + " can be read through Trino only");
        }
        return new Decision(engine, engine.wireName() + ": " + why);
    }

    private static boolean matches(NexusProperties.Rule rule, Job job) {
        return (rule.user() == null || rule.user().equals(job.user()))
                && (rule.group() == null || job.groups().contains(rule.group()))
                && (rule.datasource() == null || job.datasources().contains(rule.datasource()))
                && (rule.kind() == null
                        || rule.kind()
                                .toUpperCase(Locale.ROOT)
                                .equals(job.kind().name()));
    }

    private static String describe(NexusProperties.Rule rule) {
        StringBuilder text = new StringBuilder();
        append(text, "user", rule.user());
        append(text, "group", rule.group());
        append(text, "datasource", rule.datasource());
        append(text, "kind", rule.kind());
        return text.toString();
    }

    private static void append(StringBuilder text, String what, @Nullable String value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append(what).append(' ').append(value);
        }
    }

    /** Bytes as people read them: {@code 48 GB}, {@code 1.5 MB}. */
    static String format(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) || unit == 0
                ? Long.toString(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    /**
     * What routing looks at.
     *
     * @param datasources the names of the datasources read and written
     * @param estimatedInputBytes Trino's estimate of the bytes read; empty when any input has none
     * @param unestimated the inputs without an estimate, {@code catalog.schema.table}
     */
    record Job(
            String user,
            List<String> groups,
            JobKind kind,
            boolean streaming,
            @Nullable Engine requested,
            Set<String> datasources,
            OptionalLong estimatedInputBytes,
            List<String> unestimated) {
        Job {
            requireNonNull(user, "user is null");
            groups = List.copyOf(groups);
            requireNonNull(kind, "kind is null");
            datasources = Set.copyOf(datasources);
            requireNonNull(estimatedInputBytes, "estimatedInputBytes is null");
            unestimated = List.copyOf(unestimated);
        }
    }

    /** The engine and why, e.g. {@code spark: estimated input 48 GB > 10 GB threshold}. */
    record Decision(Engine engine, String reason) {
        Decision {
            requireNonNull(engine, "engine is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
