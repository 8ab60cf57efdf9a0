/**
 * Jobs as the Kubernetes operators' custom resources, through fabric8's client: the Spark Operator's {@code
 * SparkApplication} (sparkoperator.k8s.io/v1beta2) and the Flink Operator's {@code FlinkSessionJob} or {@code
 * FlinkDeployment} (flink.apache.org/v1beta1). The adapters only write the resource's spec and read the status the
 * operator writes; each resource is named {@code nexus-job-<short id>} and labelled {@value
 * io.nexusgateway.engines.kubernetes.KubernetesJobs#JOB_ID_LABEL} with the job's id, so a lost submission is found
 * again. No password is in a resource: the job's arguments carry only its credential ticket.
 */
@NullMarked
package io.nexusgateway.engines.kubernetes;

import org.jspecify.annotations.NullMarked;
