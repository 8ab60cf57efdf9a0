import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Read-only policy + audit trail overhead (issue 4), through bench/policy-audit.sh: the same small query against two
 * Trinos on this machine, one with the Nexus plugin (access control `nexus`, event listener `nexus-audit`, spooling
 * and delivering to the control plane) and one with Trino's default allow-all and no listener. Rounds alternate
 * between the two (A B, B A, A B, ...) so that background load, JIT and GC noise hit both alike.
 *
 * Usage: java -cp trino-jdbc.jar bench/PolicyAuditBench.java <plugin jdbc url> <baseline jdbc url> <rounds> <queries per round>
 *        java -cp trino-jdbc.jar bench/PolicyAuditBench.java --create-catalog <baseline jdbc url>
 */
public final class PolicyAuditBench
{
    private static final String QUERY = "SELECT * FROM sample.tiny.nation";

    public static void main(String[] args)
            throws Exception
    {
        if (args[0].equals("--create-catalog")) {
            try (Connection baseline = connect(args[1]); Statement statement = baseline.createStatement()) {
                statement.execute("CREATE CATALOG IF NOT EXISTS sample USING tpch");
            }
            return;
        }
        String pluginUrl = args[0];
        String baselineUrl = args[1];
        int rounds = Integer.parseInt(args[2]);
        int perRound = Integer.parseInt(args[3]);
        try (Connection plugin = connect(pluginUrl); Connection baseline = connect(baselineUrl)) {
            // the same workload: warm both JITs and connections (one Trino may be fresh, the other not), then measure
            for (int i = 0; i < 10; i++) {
                run(plugin, perRound, new ArrayList<>(), new int[1]);
                run(baseline, perRound, new ArrayList<>(), new int[1]);
            }
            List<Long> pluginNanos = new ArrayList<>();
            List<Long> baselineNanos = new ArrayList<>();
            List<Double> roundRatios = new ArrayList<>();
            int[] pluginErrors = new int[1];
            int[] baselineErrors = new int[1];
            for (int round = 0; round < rounds; round++) {
                List<Long> pluginRound = new ArrayList<>();
                List<Long> baselineRound = new ArrayList<>();
                if (round % 2 == 0) {
                    run(plugin, perRound, pluginRound, pluginErrors);
                    run(baseline, perRound, baselineRound, baselineErrors);
                }
                else {
                    run(baseline, perRound, baselineRound, baselineErrors);
                    run(plugin, perRound, pluginRound, pluginErrors);
                }
                pluginNanos.addAll(pluginRound);
                baselineNanos.addAll(baselineRound);
                // paired: both halves of a round saw about the same background load
                roundRatios.add(percentile(pluginRound, 50) / percentile(baselineRound, 50));
            }
            double pluginP50 = percentile(pluginNanos, 50);
            double baselineP50 = percentile(baselineNanos, 50);
            System.out.printf("%-32s %8s %8s %8s %8s %7s%n", "configuration", "queries", "p50 ms", "p99 ms", "mean ms", "errors");
            print("allow-all, no listener", baselineNanos, baselineErrors[0]);
            print("nexus policy + audit listener", pluginNanos, pluginErrors[0]);
            System.out.printf("p50 ratio plugin/baseline: %.3f (%+.1f %%), p99 ratio: %.3f%n",
                    pluginP50 / baselineP50,
                    (pluginP50 / baselineP50 - 1) * 100,
                    percentile(pluginNanos, 99) / percentile(baselineNanos, 99));
            Collections.sort(roundRatios);
            System.out.printf("per-round p50 ratio plugin/baseline: median %.3f, min %.3f, max %.3f over %d rounds%n",
                    roundRatios.get(roundRatios.size() / 2), roundRatios.getFirst(), roundRatios.getLast(), rounds);
        }
    }

    private static Connection connect(String url)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        return DriverManager.getConnection(url, properties);
    }

    private static void run(Connection connection, int queries, List<Long> nanos, int[] errors)
    {
        for (int i = 0; i < queries; i++) {
            long start = System.nanoTime();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(QUERY)) {
                int count = 0;
                while (rows.next()) {
                    count++;
                }
                if (count != 25) {
                    throw new IllegalStateException("expected 25 nations, got " + count);
                }
                nanos.add(System.nanoTime() - start);
            }
            catch (SQLException e) {
                errors[0]++;
            }
        }
    }

    private static void print(String name, List<Long> nanos, int errors)
    {
        double mean = nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        System.out.printf("%-32s %8d %8.1f %8.1f %8.1f %7d%n", name, nanos.size(), percentile(nanos, 50), percentile(nanos, 99), mean, errors);
    }

    private static double percentile(List<Long> nanos, int percentile)
    {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
