package io.gpwarden.controller.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The controller's HTTP endpoint: {@code GET /status} (JSON) and {@code GET /metrics} (Prometheus
 * text), both rendered from the latest {@link StatusBoard} entry. Serving never touches the
 * cluster: a scrape costs a render, not a query. One daemon thread serves requests.
 */
public final class StatusHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and starts serving. */
    public static StatusHttpServer start(String bind, int port, StatusBoard board) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gpwarden-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/status", ex -> serve(ex, board, StatusJson::write, "application/json"));
        server.createContext("/metrics", ex -> serve(ex, board, PrometheusText::render,
                "text/plain; version=0.0.4; charset=utf-8"));
        server.start();
        return new StatusHttpServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void serve(HttpExchange ex, StatusBoard board, Function<ClusterStatus, String> render,
                              String contentType) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                reply(ex, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/status") && !path.equals("/metrics")) {
                reply(ex, 404, "text/plain; charset=utf-8", "try /status or /metrics\n");
                return;
            }
            var status = board.current();
            if (status.isEmpty()) {
                reply(ex, 503, "text/plain; charset=utf-8", "no tick has completed yet\n");
                return;
            }
            reply(ex, 200, contentType, render.apply(status.get()));
        }
    }

    private static void reply(HttpExchange ex, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
