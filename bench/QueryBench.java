import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query API benchmark against a running `bin/nexus up` (run it through bench/query.sh). Every comparison runs REST and
 * trino-jdbc in the same process, interleaved round by round, so machine noise hits both sides alike.
 *   latency <sql> <rounds> <perRound>      p50/p99 of POST /api/v1/query vs trino-jdbc, and the ratio
 *   throughput <sql> <clients> <seconds>   queries/s and errors, REST vs trino-jdbc, alternating
 *   stream <table> <controlPlanePid>       rows/s, MB/s of /query/stream (NDJSON, CSV) vs a trino-jdbc drain, with the
 *                                          control plane's peak RSS and old-generation heap during each
 *   spooling <table> <pid> <label> <modes> the same for a list of ndjson, csv, jdbc-spooled, jdbc-direct, with the spool
 *                                          bucket's peak size (NEXUS_SPOOL_BUCKET_DIR) showing whether a run spooled
 *   spool-disk <table> <queries> <every> <bytes>  that many streams, every <every>-th abandoned after <bytes> (about
 *                                          half); the spool bucket's size after them and while Trino cleans up
 */
public final class QueryBench
{
    private static final Pattern ROW_COUNT = Pattern.compile("\"rowCount\":(\\d+)");

    private final URI api;
    private final String key;
    private final String trinoJdbc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    QueryBench(URI api, String key, String trinoJdbc)
    {
        this.api = api;
        this.key = key;
        this.trinoJdbc = trinoJdbc;
    }

    // Trino takes gateway-issued JWTs over HTTPS only: connect as the bootstrap admin with a token from the control plane
    static String trinoUrl()
    {
        String certificate = Path.of(System.getenv().getOrDefault("NEXUS_TRINO_CERT", "var/trino-tls/trino.pem")).toAbsolutePath().toString();
        return "jdbc:trino://127.0.0.1:" + System.getenv().getOrDefault("NEXUS_TRINO_HTTPS_PORT", "8443") + "?SSL=true&SSLTrustStorePath=" + certificate;
    }

    static Properties trinoLogin(URI api, String key)
    {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = client.send(HttpRequest.newBuilder(api.resolve("/api/v1/auth/token"))
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher token = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(body);
            if (!token.find()) {
                throw new IllegalStateException("no token from " + api + ": " + body);
            }
            Properties properties = new Properties();
            properties.setProperty("user", "admin");
            properties.setProperty("accessToken", token.group(1));
            return properties;
        }
        catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        QueryBench bench = new QueryBench(
                URI.create(System.getenv().getOrDefault("NEXUS_URL", "http://127.0.0.1:8080")),
                Files.readString(Path.of(System.getenv().getOrDefault("NEXUS_KEY_FILE", "var/secrets/admin-api-key"))).strip(),
                trinoUrl());
        switch (args[0]) {
            case "latency" -> bench.latency(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "throughput" -> bench.throughput(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "stream" -> bench.stream(args[1], Long.parseLong(args[2]));
            case "spooling" -> bench.spooling(args[1], Long.parseLong(args[2]), args[3], List.of(args[4].split(",")));
            case "spool-disk" -> bench.spoolDisk(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // --- latency ---------------------------------------------------------------------------------------------------

    void latency(String sql, int rounds, int perRound)
            throws Exception
    {
        try (Connection connection = jdbc()) {
            // warm both paths (JIT, connection pools, Trino's plan caches): the REST path has more code to compile
            // (Tomcat, Spring, Jackson, Trino's parser), so a short warm-up measures the JIT, not the gateway
            for (int i = 0; i < 5 * perRound; i++) {
                rest(sql);
                direct(connection, sql);
            }
            List<Long> restNanos = new ArrayList<>();
            List<Long> directNanos = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < perRound; i++) {
                    long start = System.nanoTime();
                    rest(sql);
                    restNanos.add(System.nanoTime() - start);
                }
                for (int i = 0; i < perRound; i++) {
                    long start = System.nanoTime();
                    direct(connection, sql);
                    directNanos.add(System.nanoTime() - start);
                }
            }
            double restP50 = percentile(restNanos, 50);
            double directP50 = percentile(directNanos, 50);
            double restP99 = percentile(restNanos, 99);
            double directP99 = percentile(directNanos, 99);
            System.out.printf(Locale.ROOT, "latency | %s | n=%d each | REST p50 %.1f ms p99 %.1f ms | direct p50 %.1f ms p99 %.1f ms | ratio p50 %.3f p99 %.3f%n",
                    shortSql(sql), restNanos.size(), restP50, restP99, directP50, directP99, restP50 / directP50, restP99 / directP99);
        }
    }

    private long rest(String sql)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = http.send(post("/api/v1/query", sql, "application/json"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        Matcher matcher = ROW_COUNT.matcher(response.body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static long direct(Connection connection, String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            long rows = 0;
            while (resultSet.next()) {
                for (int i = 1; i <= columns; i++) {
                    resultSet.getObject(i);
                }
                rows++;
            }
            return rows;
        }
    }

    // --- throughput ------------------------------------------------------------------------------------------------

    void throughput(String sql, int clients, int seconds)
            throws Exception
    {
        // two rounds each, alternating, so a drift of the machine shows up on both sides
        double[] restRates = new double[2];
        double[] directRates = new double[2];
        long restErrors = 0;
        long directErrors = 0;
        for (int round = 0; round < 2; round++) {
            long[] rest = load(clients, seconds, true, sql);
            long[] direct = load(clients, seconds, false, sql);
            restRates[round] = rest[0] / (double) seconds;
            directRates[round] = direct[0] / (double) seconds;
            restErrors += rest[1];
            directErrors += direct[1];
        }
        double restRate = (restRates[0] + restRates[1]) / 2;
        double directRate = (directRates[0] + directRates[1]) / 2;
        System.out.printf(Locale.ROOT, "throughput | %s | %d clients | REST %.1f q/s (rounds %.1f, %.1f), %d errors | direct %.1f q/s (rounds %.1f, %.1f), %d errors | ratio %.3f%n",
                shortSql(sql), clients, restRate, restRates[0], restRates[1], restErrors, directRate, directRates[0], directRates[1], directErrors, restRate / directRate);
    }

    private long[] load(int clients, int seconds, boolean viaRest, String sql)
            throws InterruptedException
    {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = viaRest ? null : jdbc()) {
                    while (!stop.get()) {
                        try {
                            if (viaRest) {
                                rest(sql);
                            }
                            else {
                                direct(connection, sql);
                            }
                            if (!stop.get()) {
                                done.incrementAndGet();
                            }
                        }
                        catch (Exception e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println((viaRest ? "REST" : "direct") + " error: " + e.getMessage());
                            }
                        }
                    }
                }
                catch (SQLException e) {
                    errors.incrementAndGet();
                }
                finally {
                    finished.countDown();
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        return new long[] {done.get(), errors.get()};
    }

    // --- streaming -------------------------------------------------------------------------------------------------

    void stream(String table, long controlPlanePid)
            throws Exception
    {
        String sql = "SELECT * FROM " + table;
        for (String mode : List.of("ndjson", "csv", "jdbc")) {
            MemorySampler sampler = new MemorySampler(controlPlanePid);
            sampler.start();
            long start = System.nanoTime();
            long[] result = mode.equals("jdbc") ? drainJdbc(sql) : drainRest(sql, mode.equals("csv") ? "text/csv" : "application/x-ndjson");
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            System.out.printf(Locale.ROOT, "stream | %s | %-6s | %d rows in %.1f s | %.0f rows/s | %s | control plane peak RSS %d MB, peak old gen %d MB%n",
                    table, mode, result[0], seconds, result[0] / seconds,
                    result[1] > 0 ? String.format(Locale.ROOT, "%.1f MB/s", result[1] / 1e6 / seconds) : "-",
                    sampler.peakRssKb / 1024, sampler.peakOldGenKb / 1024);
        }
    }

    // --- spooling (issue 6) -----------------------------------------------------------------------------------------

    void spooling(String table, long controlPlanePid, String label, List<String> modes)
            throws Exception
    {
        String sql = "SELECT * FROM " + table;
        Path bucket = Path.of(System.getenv().getOrDefault("NEXUS_SPOOL_BUCKET_DIR", "var/spool-store/data/nexus-spool"));
        for (String mode : modes) {
            MemorySampler sampler = new MemorySampler(controlPlanePid);
            BucketSampler spool = new BucketSampler(bucket);
            sampler.start();
            spool.start();
            long trinoPid = Long.parseLong(System.getenv().getOrDefault("NEXUS_TRINO_PID", "0"));
            double trinoCpu = cpuSeconds(trinoPid);
            double controlPlaneCpu = cpuSeconds(controlPlanePid);
            long start = System.nanoTime();
            long[] result = switch (mode) {
                case "ndjson" -> drainRest(sql, "application/x-ndjson");
                case "csv" -> drainRest(sql, "text/csv");
                case "jdbc-spooled" -> drainJdbc(sql, "json+zstd");
                case "jdbc-direct" -> drainJdbc(sql, null);
                default -> throw new IllegalArgumentException(mode);
            };
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            spool.stop();
            System.out.printf(Locale.ROOT, "spooling | %-22s | %-13s | %-12s | %d rows in %5.1f s | %7.0f rows/s | %s | CPU s: Trino %5.1f, control plane %5.1f | control plane peak RSS %d MB, old gen %d MB | spool bucket peak %d MB%n",
                    table, label, mode, result[0], seconds, result[0] / seconds,
                    result[1] > 0 ? String.format(Locale.ROOT, "%5.1f MB/s", result[1] / 1e6 / seconds) : "    -     ",
                    cpuSeconds(trinoPid) - trinoCpu, cpuSeconds(controlPlanePid) - controlPlaneCpu,
                    sampler.peakRssKb / 1024, sampler.peakOldGenKb / 1024, spool.peakBytes / 1_000_000);
        }
    }

    void spoolDisk(String table, int queries, int abandonEvery, int abandonAfterBytes)
            throws Exception
    {
        Path bucket = Path.of(System.getenv().getOrDefault("NEXUS_SPOOL_BUCKET_DIR", "var/spool-store/data/nexus-spool"));
        BucketSampler spool = new BucketSampler(bucket);
        spool.start();
        long start = System.nanoTime();
        int abandoned = 0;
        for (int i = 1; i <= queries; i++) {
            HttpResponse<InputStream> response = http.send(post("/api/v1/query/stream", "SELECT * FROM " + table, "application/x-ndjson"), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (i % abandonEvery == 0) {
                    // read part of the result, then hang up
                    body.readNBytes(abandonAfterBytes);
                    abandoned++;
                }
                else {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        spool.stop();
        System.out.printf(Locale.ROOT, "spool-disk | %s | %d streams (%d abandoned halfway) in %.0f s | spool bucket peak %d MB, right after %d MB%n",
                table, queries, abandoned, seconds, spool.peakBytes / 1_000_000, BucketSampler.size(bucket) / 1_000_000);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long size;
        while ((size = BucketSampler.size(bucket)) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        System.out.printf(Locale.ROOT, "spool-disk | %s | %.0f s after the last stream: %d bytes in the spool bucket%n",
                table, (System.nanoTime() - start) / 1e9 - seconds, size);
    }

    /** user + system CPU of a process so far (/proc/<pid>/stat, clock ticks of 10 ms); 0 for pid 0 */
    static double cpuSeconds(long pid)
    {
        if (pid == 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        }
        catch (IOException e) {
            return 0;
        }
    }

    /** The spool bucket's size on disk, peak over a run, sampled every 100 ms. */
    static final class BucketSampler
    {
        private final Path bucket;
        private volatile boolean running = true;
        private Thread thread;
        volatile long peakBytes;

        BucketSampler(Path bucket)
        {
            this.bucket = bucket;
        }

        static long size(Path bucket)
        {
            try (var files = Files.walk(bucket)) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }
            catch (IOException | java.io.UncheckedIOException e) {
                return 0;
            }
        }

        void start()
        {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peakBytes = Math.max(peakBytes, size(bucket));
                    try {
                        Thread.sleep(100);
                    }
                    catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop()
                throws InterruptedException
        {
            running = false;
            thread.join();
        }
    }

    private long[] drainJdbc(String sql, String encoding)
            throws SQLException
    {
        Properties properties = trinoLogin(api, key);
        if (encoding != null) {
            properties.setProperty("encoding", encoding);
        }
        try (Connection connection = DriverManager.getConnection(trinoJdbc, properties)) {
            return new long[] {direct(connection, sql), 0};
        }
    }

    private long[] drainRest(String sql, String accept)
            throws IOException, InterruptedException
    {
        HttpResponse<InputStream> response = http.send(post("/api/v1/query/stream", sql, accept), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
        }
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        long lines = 0;
        try (InputStream body = response.body()) {
            int read;
            while ((read = body.read(buffer)) > 0) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        // NDJSON: header and summary lines; CSV: the header row (fields hold no newlines in TPC-H)
        long rows = accept.equals("text/csv") ? lines - 1 : lines - 2;
        return new long[] {rows, bytes};
    }

    private long[] drainJdbc(String sql)
            throws SQLException
    {
        try (Connection connection = jdbc()) {
            return new long[] {direct(connection, sql), 0};
        }
    }

    /** Samples the control plane's RSS (/proc) and old-generation use (jstat) every 200 ms. */
    static final class MemorySampler
    {
        private final long pid;
        private volatile boolean running = true;
        private Thread thread;
        volatile long peakRssKb;
        volatile long peakOldGenKb;

        MemorySampler(long pid)
        {
            this.pid = pid;
        }

        void start()
        {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                            if (line.startsWith("VmRSS:")) {
                                peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                            }
                        }
                        Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc", Long.toString(pid)).start();
                        List<String> out = new String(jstat.getInputStream().readAllBytes()).lines().toList();
                        jstat.waitFor();
                        if (out.size() == 2) {
                            List<String> names = List.of(out.get(0).trim().split("\\s+"));
                            String[] values = out.get(1).trim().split("\\s+");
                            long oldGen = (long) Double.parseDouble(values[names.indexOf("OU")]);
                            peakOldGenKb = Math.max(peakOldGenKb, oldGen);
                        }
                        Thread.sleep(200);
                    }
                    catch (Exception e) {
                        return;
                    }
                }
            });
        }

        void stop()
                throws InterruptedException
        {
            running = false;
            thread.join();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private HttpRequest post(String path, String sql, String accept)
    {
        String body = "{\"sql\":\"" + sql.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"limit\":10000}";
        if (path.endsWith("/stream")) {
            body = "{\"sql\":\"" + sql.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        }
        return HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private Connection jdbc()
            throws SQLException
    {
        return DriverManager.getConnection(trinoJdbc, trinoLogin(api, key));
    }

    private static double percentile(List<Long> nanos, int percentile)
    {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static String shortSql(String sql)
    {
        return sql.length() > 60 ? sql.substring(0, 57) + "..." : sql;
    }
}
