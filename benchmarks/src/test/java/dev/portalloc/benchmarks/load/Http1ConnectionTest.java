package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a canned server on loopback: what goes on the wire, and that one connection carries several requests. */
class Http1ConnectionTest {
    @Test
    void framesRequestsAndReusesTheConnection() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<String> requests = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < 2; i++) {
                        StringBuilder request = new StringBuilder();
                        int length = 0;
                        for (String line; !(line = in.readLine()).isEmpty(); ) {
                            request.append(line).append('\n');
                            if (line.toLowerCase().startsWith("content-length:")) {
                                length = Integer.parseInt(line.substring(15).trim());
                            }
                        }
                        char[] body = new char[length];
                        int read = 0;
                        while (read < length) {
                            read += in.read(body, read, length - read);
                        }
                        request.append(body);
                        requests.add(request.toString());
                        String answer = i == 0
                                ? "HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{\"id\":\"a1\"}"
                                : "HTTP/1.1 204 No Content\r\n\r\n";
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
            try (Http1Connection connection = new Http1Connection(base, Duration.ofSeconds(5))) {
                HttpResponse created = connection.send("POST", "/v1/pools/bench-1/allocations",
                        "{\"deployment\":\"d\",\"service\":\"web\"}");
                HttpResponse deleted = connection.send("DELETE", "/v1/allocations/a1", null);

                assertThat(created.status()).isEqualTo(201);
                assertThat(JsonText.stringMember(created.bodyText(), "id")).contains("a1");
                assertThat(deleted.status()).isEqualTo(204);
            }
            serving.get(5, TimeUnit.SECONDS);
        }

        assertThat(accepted).hasValue(1);
        assertThat(requests.get(0)).startsWith("POST /v1/pools/bench-1/allocations HTTP/1.1\n")
                .contains("Host: 127.0.0.1:").contains("Content-Type: application/json\n")
                .contains("Content-Length: 34\n").endsWith("{\"deployment\":\"d\",\"service\":\"web\"}");
        assertThat(requests.get(1)).startsWith("DELETE /v1/allocations/a1 HTTP/1.1\n").doesNotContain("Content-Length");
    }

    @Test
    void onlyLoopbackAndPlainHttp() {
        assertThatThrownBy(() -> HttpLoad.requireLoopback(URI.create("http://192.0.2.1:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new Http1Connection(URI.create("https://127.0.0.1:8443"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        HttpLoad.requireLoopback(URI.create("http://127.0.0.1:1"));
        HttpLoad.requireLoopback(URI.create("http://localhost:1"));
    }
}
