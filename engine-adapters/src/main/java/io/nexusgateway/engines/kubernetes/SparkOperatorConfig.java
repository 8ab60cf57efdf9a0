package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.KubernetesJobs.requireText;
import static java.util.Objects.requireNonNull;

/**
 * Where and how {@link SparkOperatorEngineAdapter} runs the Spark ETL application.
 *
 * @param namespace where the {@code SparkApplication}s are created (the operator must watch it)
 * @param image the container image with Spark and the ETL application
 * @param mainApplicationFile the ETL application's jar as the driver sees it, e.g. {@code
 *     local:///opt/nexus/spark-etl.jar}
 * @param sparkVersion the image's Spark version, as the operator's spec asks
 * @param serviceAccount the driver's service account (it creates the executor pods)
 */
public record SparkOperatorConfig(
        String namespace,
        String image,
        String mainApplicationFile,
        String sparkVersion,
        String serviceAccount,
        Pod driver,
        Executors executors) {
    public SparkOperatorConfig {
        requireText(namespace, "namespace");
        requireText(image, "image");
        requireText(mainApplicationFile, "mainApplicationFile");
        requireText(sparkVersion, "sparkVersion");
        requireText(serviceAccount, "serviceAccount");
        requireNonNull(driver, "driver is null");
        requireNonNull(executors, "executors is null");
    }

    /**
     * A pod's size.
     *
     * @param memory as Spark reads it, e.g. {@code 1g} or {@code 512m}
     */
    public record Pod(int cores, String memory) {
        public Pod {
            if (cores < 1) {
                throw new IllegalArgumentException("cores must be at least 1");
            }
            requireText(memory, "memory");
        }
    }

    /** How many executors, each of {@code pod}'s size. */
    public record Executors(int instances, Pod pod) {
        public Executors {
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1");
            }
            requireNonNull(pod, "pod is null");
        }
    }
}
