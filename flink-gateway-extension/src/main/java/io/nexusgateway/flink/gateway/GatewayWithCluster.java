package io.nexusgateway.flink.gateway;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.gateway.SqlGateway;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;

/**
 * A Flink session cluster (a {@link MiniCluster}: one job manager, one task manager, its REST API on {@code rest.port})
 * and the SQL Gateway submitting to it ({@code execution.target: remote}), in one JVM, both configured by {@code
 * config.yaml} of the directory {@code -Dnexus.flink.conf-dir} names (else {@code $FLINK_CONF_DIR}). A session cluster
 * rather than the gateway's {@code local} target, which starts a cluster per job: jobs must outlive their statement, so
 * that their state, their exceptions and their configuration stay readable at the cluster's REST API, and {@code STOP
 * JOB ... WITH SAVEPOINT} needs a cluster to reach.
 */
public final class GatewayWithCluster {
    /** The system property naming the configuration directory. */
    public static final String CONF_DIR_PROPERTY = "nexus.flink.conf-dir";

    private GatewayWithCluster() {}

    public static void main(String[] args) throws Exception {
        String confDir = System.getProperty(CONF_DIR_PROPERTY, System.getenv("FLINK_CONF_DIR"));
        if (confDir == null || confDir.isBlank()) {
            throw new IllegalStateException("-D" + CONF_DIR_PROPERTY + " (or FLINK_CONF_DIR) is not set");
        }
        Configuration configuration = GlobalConfiguration.loadConfiguration(confDir);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(configuration.get(TaskManagerOptions.NUM_TASK_SLOTS))
                .build());
        cluster.start();
        warmUpPlanner();
        // as SqlGateway's main starts it, with this configuration rather than one found through $FLINK_CONF_DIR
        SqlGateway gateway =
                new SqlGateway(configuration, SessionManager.create(new DefaultContext(configuration, List.of())));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            gateway.stop();
                            try {
                                cluster.close();
                            } catch (Exception e) {
                                // the JVM is going away anyway
                            }
                        },
                        "flink-sql-gateway-shutdown"));
        gateway.start();
        gateway.waitUntilStop();
    }

    // the planner's first statement takes seconds (its classes, Calcite's caches): paid here, before the gateway
    // answers, not by the first job
    private static void warmUpPlanner() {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tables.executeSql("CREATE TEMPORARY TABLE warm_source (id INT, name STRING, amount DECIMAL(12, 2),"
                + " created_at TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
        tables.executeSql("CREATE TEMPORARY TABLE warm_sink (name STRING, total DECIMAL(38, 2), latest TIMESTAMP(3))"
                + " WITH ('connector' = 'blackhole')");
        tables.explainSql("INSERT INTO warm_sink SELECT name, sum(amount), max(created_at) FROM warm_source"
                + " WHERE id > 0 GROUP BY name");
    }
}
