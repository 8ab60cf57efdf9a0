import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load and the checks of bench/faults.sh (run it through that script).
 *   load <api> <key> <clients> <stop-file> <out> clients POST /api/v1/query in a loop until the stop file exists,
 *                                                each request with its own X-Correlation-Id; one line per request:
 *                                                id, HTTP status (0: no answer), content type, problem code, millis
 *   verify <api> <key> <in>                      each answered query has exactly one audit record (waits for delivery);
 *                                                every error is a problem with a code; prints the figures
 */
public final class FaultLoad
{
    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"totalItems\":(\\d+)");
    private static final String SQL = "{\"sql\": \"SELECT count(*) FROM sample.tiny.nation\"}";

    private final URI api;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FaultLoad(URI api, String key)
    {
        this.api = api;
        this.key = key;
    }

    public static void main(String[] args)
            throws Exception
    {
        FaultLoad load = new FaultLoad(URI.create(args[1]), args[2]);
        switch (args[0]) {
            case "load" -> load.load(Integer.parseInt(args[3]), Path.of(args[4]), Path.of(args[5]));
            case "verify" -> System.exit(load.verify(Path.of(args[3])) ? 0 : 1);
            default -> throw new IllegalArgumentException("load or verify");
        }
    }

    private void load(int clients, Path stopFile, Path out)
            throws Exception
    {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Instant start = Instant.now();
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            Thread thread = Thread.ofPlatform().start(() -> {
                while (!Files.exists(stopFile)) {
                    String id = "fault-" + UUID.randomUUID();
                    String outcome = send(id);
                    lines.add(id + " " + outcome);
                    if (outcome.startsWith("0 ")) {
                        // nothing listens: back off as a real client would, instead of spinning on refusals
                        try {
                            Thread.sleep(200);
                        }
                        catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Files.write(out, lines);
        System.out.printf("%d requests from %d clients in %d s%n", lines.size(), clients, Duration.between(start, Instant.now()).toSeconds());
    }

    private String send(String correlationId)
    {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(SQL))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("-").replace(' ', '_');
            Matcher code = CODE.matcher(response.body());
            return response.statusCode() + " " + type + " " + (code.find() ? code.group(1) : "-") + " " + System.currentTimeMillis();
        }
        catch (IOException e) {
            // the control plane is down: nothing answered, nothing to audit
            return "0 - - " + System.currentTimeMillis();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "0 - - " + System.currentTimeMillis();
        }
    }

    private boolean verify(Path in)
            throws Exception
    {
        List<String[]> requests = Files.readAllLines(in).stream().map(line -> line.split(" ")).toList();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        int notProblems = 0;
        List<String> answered = new ArrayList<>();
        for (String[] request : requests) {
            statuses.merge(request[1], 1, Integer::sum);
            if (request[1].equals("200")) {
                answered.add(request[0]);
            }
            else if (!request[1].equals("0")) {
                codes.merge(request[3], 1, Integer::sum);
                if (!request[2].startsWith("application/problem+json") || request[3].equals("-")) {
                    notProblems++;
                }
            }
        }
        // every request that reached Trino may have a record; an answered one must have exactly one
        int lost = 0;
        int doubled = 0;
        Instant deadline = Instant.now().plusSeconds(120);
        for (String[] request : requests) {
            if (request[1].equals("0")) {
                continue; // the connection was refused: it never reached the control plane, let alone Trino
            }
            long count = records(request[0]);
            boolean mustHave = request[1].equals("200");
            while (mustHave && count == 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(500); // a benchmark polling for delivery, not a test's synchronisation
                count = records(request[0]);
            }
            if (mustHave && count == 0) {
                lost++;
            }
            if (count > 1) {
                doubled++;
            }
        }
        System.out.printf("requests %d; by status %s%n", requests.size(), statuses);
        System.out.printf("errors by code %s; errors that were not problem+json with a code: %d%n", codes, notProblems);
        System.out.printf("answered queries %d; audit records lost %d, doubled %d%n", answered.size(), lost, doubled);
        return lost == 0 && doubled == 0 && notProblems == 0;
    }

    private long records(String correlationId)
            throws Exception
    {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1/audit?correlationId=" + correlationId))
                .header("Authorization", "Bearer " + key)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher total = TOTAL.matcher(response.body());
        if (response.statusCode() != 200 || !total.find()) {
            throw new IllegalStateException("audit search answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(total.group(1));
    }
}
