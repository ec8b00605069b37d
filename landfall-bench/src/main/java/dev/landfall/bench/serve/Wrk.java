package dev.landfall.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code wrk} (Debian's package) with a generated Lua script that POSTs one JSON body and prints
 * a {@code RESULT {json}} line from {@code done()}: requests, duration, latency percentiles, errors by
 * kind and non-2xx statuses (503 apart when counted). The client's CPU time comes from the wrapping
 * shell's waited-for-children times.
 */
final class Wrk {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run's figures. */
    record Run(long requests, double seconds, double p50Us, double p90Us, double p99Us, double meanUs, long non2xx,
               long status503, long socketErrors, double clientCpuSeconds) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private Wrk() {
    }

    static Path executable() {
        return LoadTool.find("wrk", "wrk");
    }

    /**
     * The Lua script: {@code delayMs} > 0 paces each connection (one request, then a pause of that mean, drawn
     * at random, so that the connections do not fire in step);
     * {@code countStatuses} adds a response() hook that counts 503 apart (it costs the client some speed).
     */
    static String script(Path body, int delayMs, boolean countStatuses) {
        StringBuilder s = new StringBuilder();
        s.append("wrk.method = \"POST\"\n")
         .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
         .append("local f = assert(io.open(\"").append(body.toAbsolutePath()).append("\", \"rb\"))\n")
         .append("wrk.body = f:read(\"*a\")\nf:close()\n")
         .append("local threads = {}\n")
         .append("function setup(thread) table.insert(threads, thread); thread:set(\"id\", #threads) end\n")
         .append("function init(args) s503 = 0; math.randomseed(id * 7919 + os.time()) end\n");
        if (delayMs > 0) {
            // a pause drawn uniformly from [0, 2·delay]: the same mean rate, without every connection firing in step
            s.append("function delay() return math.random(0, ").append(2 * delayMs).append(") end\n");
        }
        if (countStatuses) {
            s.append("function response(status, headers, body) if status == 503 then s503 = s503 + 1 end end\n");
        }
        s.append("function done(summary, latency, requests)\n")
         .append("  local n503 = 0\n")
         .append("  for _, t in ipairs(threads) do n503 = n503 + (t:get(\"s503\") or 0) end\n")
         .append("  local e = summary.errors\n")
         .append("  io.write(string.format('RESULT {\"requests\": %d, \"duration_us\": %d, \"p50\": %d, \"p90\": %d, "
                 + "\"p99\": %d, \"mean\": %.1f, \"status\": %d, \"s503\": %d, \"connect\": %d, \"read\": %d, "
                 + "\"write\": %d, \"timeout\": %d}\\n', summary.requests, summary.duration, latency:percentile(50), "
                 + "latency:percentile(90), latency:percentile(99), latency.mean, e.status, n503, e.connect, e.read, "
                 + "e.write, e.timeout))\n")
         .append("end\n");
        return s.toString();
    }

    /** Runs wrk for {@code seconds} with {@code connections} connections on {@code threads} threads. */
    static Run run(Path script, URI url, int connections, int threads, int seconds) throws IOException,
            InterruptedException {
        LoadTool.Output out = LoadTool.run("wrk", "wrk", List.of("-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), url.toString()));
        JsonNode r = null;
        for (String line : out.text().split("\n")) {
            if (line.startsWith("RESULT ")) {
                r = JSON.readTree(line.substring(7));
            }
        }
        double cpu = out.cpuSeconds();
        if (r == null) {
            throw new IOException("wrk printed no RESULT line: " + out.text().strip());
        }
        long socket = r.get("connect").asLong() + r.get("read").asLong() + r.get("write").asLong()
                + r.get("timeout").asLong();
        return new Run(r.get("requests").asLong(), r.get("duration_us").asDouble() / 1e6, r.get("p50").asDouble(),
                r.get("p90").asDouble(), r.get("p99").asDouble(), r.get("mean").asDouble(), r.get("status").asLong(),
                r.get("s503").asLong(), socket, cpu);
    }
}
