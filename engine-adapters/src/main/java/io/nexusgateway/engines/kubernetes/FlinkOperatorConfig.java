package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.KubernetesJobs.requireText;
import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how {@link FlinkOperatorEngineAdapter} runs the Flink SQL runner.
 *
 * @param namespace where the resources are created (the operator must watch it)
 * @param cluster a session cluster the jobs join ({@code FlinkSessionJob}s), or a cluster per job ({@code
 *     FlinkDeployment}s in application mode)
 * @param jarUri the SQL runner's jar, e.g. {@code local:///opt/flink/usrlib/nexus-flink-sql.jar} (application mode)
 *     or an {@code https://} URL the operator fetches (session jobs)
 * @param entryClass the SQL runner's main class
 * @param flinkConfiguration added to each job's {@code flinkConfiguration}, e.g. {@code state.savepoints.dir} (which
 *     stopping a streaming job with a savepoint needs, unless the cluster sets it); sorted
 */
public record FlinkOperatorConfig(
        String namespace,
        Cluster cluster,
        String jarUri,
        String entryClass,
        int parallelism,
        Map<String, String> flinkConfiguration) {
    public FlinkOperatorConfig {
        requireText(namespace, "namespace");
        requireNonNull(cluster, "cluster is null");
        requireText(jarUri, "jarUri");
        requireText(entryClass, "entryClass");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        flinkConfiguration = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(flinkConfiguration));
    }

    /** Where the jobs run. */
    public sealed interface Cluster permits SessionCluster, ApplicationCluster {}

    /** A session {@code FlinkDeployment} that exists already; each job is a {@code FlinkSessionJob} on it. */
    public record SessionCluster(String deploymentName) implements Cluster {
        public SessionCluster {
            requireText(deploymentName, "deploymentName");
        }
    }

    /**
     * A {@code FlinkDeployment} in application mode per job: its own job manager and task managers, gone with the
     * job.
     *
     * @param flinkVersion as the operator's spec names it, e.g. {@code v2_0}
     */
    public record ApplicationCluster(
            String image, String flinkVersion, String serviceAccount, Resources jobManager, Resources taskManager)
            implements Cluster {
        public ApplicationCluster {
            requireText(image, "image");
            requireText(flinkVersion, "flinkVersion");
            requireText(serviceAccount, "serviceAccount");
            requireNonNull(jobManager, "jobManager is null");
            requireNonNull(taskManager, "taskManager is null");
        }
    }

    /**
     * A pod's size as the operator's spec takes it.
     *
     * @param memory e.g. {@code 1024m} or {@code 2g}
     */
    public record Resources(double cpu, String memory) {
        public Resources {
            if (!(cpu > 0)) {
                throw new IllegalArgumentException("cpu must be positive");
            }
            requireText(memory, "memory");
        }
    }
}
