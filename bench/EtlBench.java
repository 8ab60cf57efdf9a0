import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ETL benchmark (issue 14), run through bench/etl.sh against `bin/nexus up` with the engines on: the same copy of
 * ROWS MariaDB rows into PostgreSQL through each engine the job API offers, one after another in one run, beside a
 * floor measured in the same run: a plain JDBC batch copy written here (streaming read, batched insert). Per engine:
 * wall time (job created -> ended), rows/s, the machine's CPU seconds spent meanwhile (all processes, /proc/stat), and
 * the fixed cost (job created -> RUNNING as the job API reports it: routing, planning, the engine's submit and start).
 */
public final class EtlBench
{
    private static final Pattern FIELD = Pattern.compile("\"(id|state|submittedAt|startedAt|finishedAt|createdAt)\":\"([^\"]*)\"");

    private final URI api;
    private final String key;
    private final HttpClient http = HttpClient.newHttpClient();

    EtlBench(URI api, String key)
    {
        this.api = api;
        this.key = key;
    }

    public static void main(String[] args)
            throws Exception
    {
        int rows = Integer.parseInt(args[0]);
        List<String> engines = List.of(args[1].split(","));
        EtlBench bench = new EtlBench(URI.create(System.getenv().getOrDefault("NEXUS_URL", "http://127.0.0.1:8080")),
                Files.readString(Path.of(System.getenv().getOrDefault("NEXUS_KEY_FILE", "var/secrets/admin-api-key"))).strip());
        bench.run(rows, engines);
    }

    void run(int rows, List<String> engines)
            throws Exception
    {
        seed(rows);
        register("bench_etl_maria", "{\"name\":\"bench_etl_maria\",\"type\":\"mariadb\",\"config\":{\"host\":\"127.0.0.1\",\"port\":3306,\"database\":\"test\",\"username\":\"root\"}}");
        register("bench_etl_pg", "{\"name\":\"bench_etl_pg\",\"type\":\"postgresql\",\"writable\":true,\"config\":{\"host\":\"127.0.0.1\",\"port\":5432,\"database\":\"test\",\"username\":\"postgres\"}}");
        List<String> lines = new ArrayList<>();
        Result floor = jdbcFloor(rows);
        lines.add(floor.line(floor));
        for (String engine : engines) {
            dropTarget("bench_etl_" + engine.replace('-', '_'));
            Result result = job(engine, rows);
            lines.add(result.line(floor));
        }
        System.out.println("| path | wall s | rows/s | machine CPU s | fixed cost s (created -> RUNNING) | wall / floor | CPU / floor |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private record Result(String path, double wallSeconds, long rows, double cpuSeconds, double fixedSeconds)
    {
        String line(Result floor)
        {
            return String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %s | %.2f | %.2f |", path, wallSeconds, rows / wallSeconds,
                    cpuSeconds, fixedSeconds < 0 ? "-" : String.format(Locale.ROOT, "%.1f", fixedSeconds),
                    wallSeconds / floor.wallSeconds, cpuSeconds / floor.cpuSeconds);
        }
    }

    private Result job(String engine, int rows)
            throws Exception
    {
        String table = "bench_etl_" + engine.replace('-', '_');
        String body = "{\"source\":{\"datasource\":\"bench_etl_maria\",\"schema\":\"test\",\"table\":\"bench_etl_orders\"},"
                + "\"target\":{\"datasource\":\"bench_etl_pg\",\"schema\":\"public\",\"table\":\"" + table + "\"},"
                + "\"engine\":\"" + engine + "\"}";
        double cpuBefore = machineCpuSeconds();
        String created = send("POST", "/api/v1/jobs", body);
        String id = field(created, "id");
        String job;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        do {
            Thread.sleep(500);
            job = send("GET", "/api/v1/jobs/" + id, null);
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("job " + id + " on " + engine + " did not end: " + job);
            }
        }
        while (!field(job, "state").matches("SUCCEEDED|FAILED|CANCELLED"));
        double cpu = machineCpuSeconds() - cpuBefore;
        if (!field(job, "state").equals("SUCCEEDED")) {
            throw new IllegalStateException("job on " + engine + " ended " + job);
        }
        long copied = count("SELECT count(*) FROM public." + table);
        if (copied != rows) {
            throw new IllegalStateException(engine + " copied " + copied + " rows, not " + rows);
        }
        Instant createdAt = Instant.parse(field(job, "createdAt"));
        Instant finishedAt = Instant.parse(field(job, "finishedAt"));
        Instant startedAt = Instant.parse(field(job, "startedAt"));
        return new Result(engine, Duration.between(createdAt, finishedAt).toMillis() / 1000.0, rows, cpu,
                Duration.between(createdAt, startedAt).toMillis() / 1000.0);
    }

    // the floor: what a hand-written copy costs on this machine, in this run
    private Result jdbcFloor(int rows)
            throws Exception
    {
        dropTarget("bench_etl_floor");
        try (Connection target = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true", "postgres", "");
                Statement ddl = target.createStatement()) {
            ddl.execute("CREATE TABLE public.bench_etl_floor (id integer, customer varchar(40), amount decimal(12,2), created timestamp(3), note varchar(100))");
        }
        double cpuBefore = machineCpuSeconds();
        long start = System.nanoTime();
        try (Connection source = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "");
                Connection target = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true", "postgres", "");
                Statement read = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            target.setAutoCommit(false);
            read.setFetchSize(10_000);
            try (ResultSet rs = read.executeQuery("SELECT id, customer, amount, created, note FROM bench_etl_orders");
                    PreparedStatement insert = target.prepareStatement("INSERT INTO public.bench_etl_floor VALUES (?, ?, ?, ?, ?)")) {
                int batch = 0;
                while (rs.next()) {
                    insert.setInt(1, rs.getInt(1));
                    insert.setString(2, rs.getString(2));
                    insert.setBigDecimal(3, rs.getBigDecimal(3));
                    insert.setTimestamp(4, rs.getTimestamp(4));
                    insert.setString(5, rs.getString(5));
                    insert.addBatch();
                    if (++batch == 5_000) {
                        insert.executeBatch();
                        batch = 0;
                    }
                }
                insert.executeBatch();
            }
            target.commit();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = machineCpuSeconds() - cpuBefore;
        long copied = count("SELECT count(*) FROM public.bench_etl_floor");
        if (copied != rows) {
            throw new IllegalStateException("the floor copied " + copied + " rows, not " + rows);
        }
        return new Result("JDBC batch copy (floor)", wall, rows, cpu, -1);
    }

    private static void seed(int rows)
            throws Exception
    {
        try (Connection source = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "");
                Statement statement = source.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_etl_orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(12,2), created DATETIME(3), note VARCHAR(100))");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM bench_etl_orders")) {
                count.next();
                if (count.getLong(1) == rows) {
                    return;
                }
            }
            statement.execute("TRUNCATE TABLE bench_etl_orders");
            statement.execute("INSERT INTO bench_etl_orders SELECT seq, CONCAT('customer-', seq % 1000), (seq % 100000) / 100,"
                    + " TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (seq % 86400) SECOND, IF(seq % 10 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_" + rows);
            statement.execute("ANALYZE TABLE bench_etl_orders");
        }
    }

    private static void dropTarget(String table)
            throws Exception
    {
        try (Connection target = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = target.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS public." + table);
        }
    }

    private static long count(String sql)
            throws Exception
    {
        try (Connection target = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement statement = target.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // user + nice + system + irq + softirq jiffies of all cores, in seconds (USER_HZ 100)
    private static double machineCpuSeconds()
            throws Exception
    {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long jiffies = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]);
        return jiffies / 100.0;
    }

    private void register(String name, String body)
            throws Exception
    {
        if (!send("GET", "/api/v1/datasources?size=500", null).contains("\"name\":\"" + name + "\"")) {
            send("POST", "/api/v1/datasources", body);
        }
    }

    private String send(String method, String path, String body)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name)
    {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }
}
