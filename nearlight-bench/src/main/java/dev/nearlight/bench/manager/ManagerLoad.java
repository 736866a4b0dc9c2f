package dev.nearlight.bench.manager;

import dev.nearlight.manager.FabricManager;
import dev.nearlight.manager.Inventory;
import dev.nearlight.manager.ManagerStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load benchmark: starts the manager in-process on an embedded H2 file in a temp directory, then N client threads
 * each compose a system (POST /redfish/v1/Systems with a Compute and a GPU block, session auth) and decompose it
 * (DELETE) in a closed loop over loopback HTTP. Reports operations per second (each POST or DELETE is one operation),
 * compose+decompose pairs per second and latency percentiles of the measured phase.
 *
 * <p>Usage: {@code ManagerLoad [threads=16] [warmupS=3] [measureS=10]}.
 */
public final class ManagerLoad {
    private ManagerLoad() {}

    /** Runs the benchmark and prints a Markdown result block. */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int warmupS = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int measureS = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        // the digital twin's delay per device binding: a real PCIe/CXL switch reprograms in milliseconds (issue #19
        // measures 20 ms); 0 measures the service alone
        double bindDelayMs = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        Inventory inv = Inventory.demo();
        int pods = inv.spec().pods();
        int hostsPerPod = inv.spec().fabric().hosts();
        if (threads > pods * hostsPerPod) {
            throw new IllegalArgumentException("at most one client per host: threads <= " + pods * hostsPerPod);
        }
        Path dir = Files.createTempDirectory("nearlight-bench");
        String pw = "bench-admin-pw";
        try (FabricManager m = FabricManager.start(new FabricManager.Config(
                ManagerStore.h2Url(dir.resolve("manager").toString()),
                inv,
                "127.0.0.1",
                0,
                null,
                null,
                Duration.ofNanos((long) (bindDelayMs * 1e6)),
                pw))) {
            String base = "http://127.0.0.1:" + m.port();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2))
                    .build();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/redfish/v1/SessionService/Sessions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"UserName\":\"admin\",\"Password\":\"" + pw + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
            long start = System.nanoTime();
            long measureFrom = start + warmupS * 1_000_000_000L;
            long end = measureFrom + measureS * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int pod = t % pods;
                int idx = t / pods;
                String body = "{\"Name\":\"bench\",\"Links\":{\"ResourceBlocks\":["
                        + "{\"@odata.id\":\"/redfish/v1/CompositionService/ResourceBlocks/Host-" + pod + "-" + idx
                        + "\"},{\"@odata.id\":\"/redfish/v1/CompositionService/ResourceBlocks/GPU-" + pod + "-" + idx
                        + "\"}]}}";
                results.add(pool.submit(() -> {
                    long[] lat = new long[1 << 20];
                    int n = 0;
                    int errors = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/redfish/v1/Systems"))
                                        .header("X-Auth-Token", token)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (r.statusCode() != 201) {
                            errors++;
                            continue;
                        }
                        String loc = r.headers().firstValue("Location").orElseThrow();
                        HttpResponse<Void> d = http.send(
                                HttpRequest.newBuilder(URI.create(base + loc))
                                        .header("X-Auth-Token", token)
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        long t2 = System.nanoTime();
                        if (d.statusCode() != 204) {
                            errors++;
                        }
                        if (t0 >= measureFrom && t2 <= end && n + 2 < lat.length) {
                            lat[n++] = t1 - t0;
                            lat[n++] = t2 - t1;
                        }
                    }
                    long[] out = Arrays.copyOf(lat, n + 1);
                    out[n] = errors;
                    return out;
                }));
            }
            List<Long> all = new ArrayList<>();
            long errors = 0;
            for (Future<long[]> f : results) {
                long[] a = f.get();
                for (int i = 0; i < a.length - 1; i++) {
                    all.add(a[i]);
                }
                errors += a[a.length - 1];
            }
            pool.shutdown();
            long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
            double ops = lat.length / (double) measureS;
            System.out.printf(
                    Locale.ROOT,
                    "| threads | driver delay per binding ms | operations/s | compose+decompose pairs/s | p50 ms | p90 ms"
                            + " | p99 ms | max ms | errors |%n"
                            + "|---|---|---|---|---|---|---|---|---|%n"
                            + "| %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %d |%n",
                    threads,
                    bindDelayMs,
                    ops,
                    ops / 2,
                    pct(lat, 0.50),
                    pct(lat, 0.90),
                    pct(lat, 0.99),
                    lat.length == 0 ? 0.0 : lat[lat.length - 1] / 1e6,
                    errors);
            System.out.printf(
                    Locale.ROOT,
                    "database after the run: %s (expected systems=0, assignments=0)%n",
                    m.store().databaseCounts());
        }
        // the HTTP client's executor threads are not daemons
        System.exit(0);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
