package dev.portalloc.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket: one request at a time, the next one on the
 * same connection, so N of these are exactly N connections. It reconnects only when the server said
 * {@code Connection: close} or an exchange failed (the failure itself is the caller's to count). Not
 * thread-safe; plain HTTP only.
 */
final class Http1Connection implements AutoCloseable {
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private HttpResponseReader reader;

    Http1Connection(URI baseUrl, Duration timeout) {
        if (!"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("only plain http is supported (got " + baseUrl + ")");
        }
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() == -1 ? 80 : baseUrl.getPort();
        this.timeoutMillis = (int) timeout.toMillis();
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Connects now rather than on the first request, so that connecting is not part of a measured cycle. */
    void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // small request, waiting for its answer: Nagle would only add delay
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 8192);
        reader = new HttpResponseReader(new BufferedInputStream(s.getInputStream(), 8192));
    }

    /**
     * Sends one request and reads its whole response.
     *
     * @param target   path and query, e.g. {@code /v1/allocations/abc}
     * @param jsonBody the body, sent as {@code application/json}; null for none
     */
    HttpResponse send(String method, String target, String jsonBody) throws IOException {
        connect();
        try {
            out.write(requestHead(method, target, jsonBody));
            if (jsonBody != null) {
                out.write(jsonBody.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            HttpResponse response = reader.read("HEAD".equals(method));
            if (!response.keepAlive()) {
                disconnect();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            disconnect(); // the stream's position is unknown now: never reuse it
            throw e;
        }
    }

    private byte[] requestHead(String method, String target, String jsonBody) {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder rest = new StringBuilder(96).append("Accept: application/json\r\n");
        if (jsonBody != null) {
            rest.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(jsonBody.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        rest.append("\r\n");
        byte[] end = rest.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + hostHeader.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(hostHeader, 0, all, start.length, hostHeader.length);
        System.arraycopy(end, 0, all, start.length + hostHeader.length, end.length);
        return all;
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        out = null;
        reader = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing more to learn from it
            }
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
