import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catalog-sync benchmark against a running `bin/nexus up` (run it through bench/catalog-sync.sh):
 *  register  time from POST /api/v1/datasources to the first successful query on the new catalog (tpch and mariadb)
 *  wipe      reconcile of N datasources into an empty Trino (the script wipes and restarts Trino), Trino RSS afterwards
 */
public final class CatalogSyncBench
{
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern CATALOG = Pattern.compile("\"catalog\":\"([a-z0-9_]+)\"");

    private final URI api;
    private final String key;
    private final String trinoJdbc;
    private final HttpClient http = HttpClient.newHttpClient();

    CatalogSyncBench(URI api, String key, String trinoJdbc)
    {
        this.api = api;
        this.key = key;
        this.trinoJdbc = trinoJdbc;
    }

    public static void main(String[] args)
            throws Exception
    {
        String mode = args[0];
        CatalogSyncBench bench = new CatalogSyncBench(URI.create(System.getenv().getOrDefault("NEXUS_URL", "http://127.0.0.1:8080")),
                Files.readString(Path.of(System.getenv().getOrDefault("NEXUS_KEY_FILE", "var/secrets/admin-api-key"))).strip(),
                "jdbc:trino://127.0.0.1:" + System.getenv().getOrDefault("NEXUS_TRINO_PORT", "8081"));
        switch (mode) {
            case "register" -> bench.register(Integer.parseInt(args[1]));
            case "create" -> bench.create(Integer.parseInt(args[1]));
            case "await" -> bench.await(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "cleanup" -> bench.cleanup();
            default -> throw new IllegalArgumentException(mode);
        }
    }

    void register(int count)
            throws Exception
    {
        List<Long> tpch = new ArrayList<>();
        List<Long> maria = new ArrayList<>();
        List<Long> postOnly = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean useMaria = i % 2 == 1;
            long started = System.nanoTime();
            String body = post(datasource("bench_reg_" + System.nanoTime(), useMaria));
            postOnly.add((System.nanoTime() - started) / 1_000_000);
            String catalog = match(CATALOG, body);
            String sql = useMaria ? "SELECT count(*) FROM " + catalog + ".information_schema.schemata" : "SELECT count(*) FROM " + catalog + ".tiny.nation";
            while (true) {
                try {
                    queryLong(sql);
                    break;
                }
                catch (SQLException e) {
                    if (System.nanoTime() - started > Duration.ofSeconds(60).toNanos()) {
                        throw e;
                    }
                }
            }
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            (useMaria ? maria : tpch).add(elapsed);
        }
        List<Long> all = new ArrayList<>(tpch);
        all.addAll(maria);
        System.out.printf("register->first query  n=%d  p50=%d ms  p95=%d ms  max=%d ms%n", all.size(), percentile(all, 50), percentile(all, 95), Collections.max(all));
        System.out.printf("  tpch     n=%d  p50=%d ms  p95=%d ms%n", tpch.size(), percentile(tpch, 50), percentile(tpch, 95));
        System.out.printf("  mariadb  n=%d  p50=%d ms  p95=%d ms%n", maria.size(), percentile(maria, 50), percentile(maria, 95));
        System.out.printf("  POST alone (includes the synchronous CREATE CATALOG)  p50=%d ms  p95=%d ms%n", percentile(postOnly, 50), percentile(postOnly, 95));
    }

    void create(int count)
            throws Exception
    {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            post(datasource("bench_wipe_" + i + "_" + System.nanoTime(), i % 2 == 1));
        }
        System.out.printf("created %d datasources through the API in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);
    }

    /** Polls Trino until {@code count} bench catalogs exist; prints the time since {@code sinceEpochMs}. */
    void await(int count, long sinceEpochMs)
            throws Exception
    {
        long deadline = System.currentTimeMillis() + 600_000;
        long readyAt = 0;
        while (System.currentTimeMillis() < deadline) {
            if (readyAt == 0 && trinoReady()) {
                readyAt = System.currentTimeMillis();
                System.out.printf("Trino ready %d ms after the start command%n", readyAt - sinceEpochMs);
            }
            try {
                long present = queryLong("SELECT count(*) FROM system.metadata.catalogs WHERE catalog_name LIKE 'bench_wipe_%'");
                if (present >= count && readyAt > 0) {
                    System.out.printf("reconciled %d catalogs into an empty Trino in %d ms after Trino was ready%n", present, System.currentTimeMillis() - readyAt);
                    return;
                }
            }
            catch (SQLException e) {
                // Trino still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("catalogs did not come back within 10 minutes");
    }

    private boolean trinoReady()
    {
        try {
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(trinoJdbc.replace("jdbc:trino:", "http:") + "/v1/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return info.body().replace(" ", "").contains("\"starting\":false");
        }
        catch (Exception e) {
            return false;
        }
    }

    void cleanup()
            throws Exception
    {
        HttpResponse<String> list = http.send(request("/api/v1/datasources?size=500").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"bench_").matcher(list.body());
        Set<String> ids = new HashSet<>();
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        for (String id : ids) {
            http.send(request("/api/v1/datasources/" + id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        System.out.printf("deleted %d bench datasources%n", ids.size());
        if (!ids.isEmpty()) {
            cleanup();
        }
    }

    private static String datasource(String name, boolean mariadb)
    {
        if (mariadb) {
            return "{\"name\":\"" + name + "\",\"type\":\"mariadb\",\"config\":{\"host\":\"127.0.0.1\",\"port\":3306,\"database\":\"test\",\"username\":\"root\",\"password\":\"\"}}";
        }
        return "{\"name\":\"" + name + "\",\"type\":\"tpch\"}";
    }

    private String post(String body)
            throws Exception
    {
        HttpResponse<String> response = http.send(request("/api/v1/datasources").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path)
    {
        return HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + key);
    }

    private long queryLong(String sql)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        try (Connection connection = DriverManager.getConnection(trinoJdbc, properties); Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    private static String match(Pattern pattern, String text)
    {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static long percentile(List<Long> values, int percentile)
    {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
