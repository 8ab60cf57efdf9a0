package io.nexusgateway.engines.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API server as fabric8's mock in CRUD mode (no API server can run here), with the operators' CRDs
 * registered with their status subresource, so the spec and the status are written apart as on a real cluster; and
 * the operator's side of the contract: status written through {@code /status}, as the operators do.
 */
final class OperatorContract implements AutoCloseable {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesMockServer server;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private OperatorContract(KubernetesMockServer server) {
        this.server = server;
    }

    static OperatorContract start(ResourceDefinitionContext... resources) {
        // CRUD mode, and expectations first where a test sets one (what @EnableKubernetesMockClient(crud = true) makes)
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        for (ResourceDefinitionContext resource : resources) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(resource.getGroup())
                    .withVersion(resource.getVersion())
                    .withKind(resource.getKind())
                    .withPlural(resource.getPlural())
                    .withScope("Namespaced")
                    .withStatusSubresource(true)
                    .build());
        }
        return new OperatorContract(server);
    }

    KubernetesMockServer server() {
        return server;
    }

    /** A new client of the mock, as a restarted control plane would make. */
    KubernetesClient newClient() {
        return register(new KubernetesClientBuilder()
                .withConfig(config(server.url("/")))
                .build());
    }

    /** A client of an API server that is not there: a port nothing listens on. */
    KubernetesClient unreachableClient() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return register(new KubernetesClientBuilder()
                .withConfig(config("http://127.0.0.1:" + port + "/"))
                .build());
    }

    /** What the resource is on the server, as raw JSON text. */
    String rawJson(ResourceDefinitionContext resource, String namespace, String name) {
        GenericKubernetesResource stored = get(resource, namespace, name);
        assertThat(stored).as("%s %s/%s", resource.getKind(), namespace, name).isNotNull();
        return SERIALIZATION.asJson(stored);
    }

    GenericKubernetesResource get(ResourceDefinitionContext resource, String namespace, String name) {
        return operatorClient()
                .genericKubernetesResources(resource)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** The operator writes {@code status} (replacing it) through the status subresource. */
    void writeStatus(ResourceDefinitionContext resource, String namespace, String name, Map<String, Object> status) {
        GenericKubernetesResource stored = get(resource, namespace, name);
        assertThat(stored).as("%s %s/%s", resource.getKind(), namespace, name).isNotNull();
        stored.setAdditionalProperty("status", status);
        operatorClient()
                .genericKubernetesResources(resource)
                .inNamespace(namespace)
                .resource(stored)
                .updateStatus();
    }

    /** The operator's finalizer, as operators add one to clean up before the resource goes. */
    void addFinalizer(ResourceDefinitionContext resource, String namespace, String name, String finalizer) {
        operatorClient()
                .genericKubernetesResources(resource)
                .inNamespace(namespace)
                .withName(name)
                .edit(stored -> {
                    stored.getMetadata().getFinalizers().add(finalizer);
                    return stored;
                });
    }

    /** The operator is done cleaning up: its finalizer goes, and with it the resource being deleted. */
    void removeFinalizers(ResourceDefinitionContext resource, String namespace, String name) {
        operatorClient()
                .genericKubernetesResources(resource)
                .inNamespace(namespace)
                .withName(name)
                .edit(stored -> {
                    stored.getMetadata().setFinalizers(new ArrayList<>());
                    return stored;
                });
    }

    /**
     * Everything the namespace holds, as JSON: the operators' resources, and the pods, config maps and secrets an
     * adapter might have made beside them.
     */
    String storedJson(String namespace, ResourceDefinitionContext... resources) {
        KubernetesClient client = operatorClient();
        StringBuilder json = new StringBuilder();
        for (ResourceDefinitionContext resource : resources) {
            json.append(SERIALIZATION.asJson(client.genericKubernetesResources(resource)
                    .inNamespace(namespace)
                    .list()));
        }
        json.append(SERIALIZATION.asJson(client.pods().inNamespace(namespace).list()));
        json.append(
                SERIALIZATION.asJson(client.configMaps().inNamespace(namespace).list()));
        json.append(SERIALIZATION.asJson(client.secrets().inNamespace(namespace).list()));
        return json.toString();
    }

    /** A YAML document under src/test/resources as maps and lists, to compare resources structurally. */
    static Map<String, Object> yaml(String resourcePath) {
        try (InputStream in = OperatorContract.class.getResourceAsStream(resourcePath)) {
            assertThat(in).as(resourcePath).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> document = SERIALIZATION.unmarshal(in, Map.class);
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #yaml} golden files hold of a resource: its type, name, labels, annotations and spec. */
    static Map<String, Object> contractView(GenericKubernetesResource resource) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resource.getMetadata().getName());
        metadata.put("namespace", resource.getMetadata().getNamespace());
        metadata.put("labels", resource.getMetadata().getLabels());
        metadata.put("annotations", resource.getMetadata().getAnnotations());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("apiVersion", resource.getApiVersion());
        view.put("kind", resource.getKind());
        view.put("metadata", metadata);
        view.put("spec", resource.getAdditionalProperties().get("spec"));
        // through JSON, so numbers and maps compare as the YAML's do
        @SuppressWarnings("unchecked")
        Map<String, Object> normalized = SERIALIZATION.unmarshal(SERIALIZATION.asJson(view), Map.class);
        return normalized;
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    private KubernetesClient operatorClient() {
        if (clients.isEmpty()) {
            newClient();
        }
        return clients.getFirst();
    }

    private KubernetesClient register(KubernetesClient client) {
        clients.add(client);
        return client;
    }

    /** Bounded as the adapters' clients are ({@link KubernetesClients}): a test of unavailability answers at once. */
    private static Config config(String masterUrl) {
        return KubernetesClients.bounded(
                new ConfigBuilder(Config.empty())
                        .withMasterUrl(masterUrl)
                        .withNamespace("default")
                        .build(),
                Duration.ofSeconds(5));
    }
}
