package dev.portalloc.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 responses one after another from a connection's input (RFC 9112 framing): the body is
 * delimited by {@code Transfer-Encoding: chunked}, else by {@code Content-Length}, else by the end of
 * the connection; 1xx, 204 and 304 responses and answers to HEAD have none. Interim 1xx responses are
 * skipped. Give it a buffered stream: it reads line by line.
 */
final class HttpResponseReader {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    private final InputStream in;

    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /** The next response; EOFException when the connection ends before or inside it. */
    HttpResponse read(boolean headRequest) throws IOException {
        while (true) {
            String statusLine = readLine(true);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status code in: " + abbreviate(statusLine));
            }
            Map<String, List<String>> headers = readHeaders();
            if (status >= 100 && status < 200) {
                continue; // interim (100 Continue, 103 Early Hints): the real answer follows
            }
            boolean http10 = parts[0].equals("HTTP/1.0");
            boolean keepAlive = keepAlive(headers, http10);
            byte[] body;
            if (headRequest || status == 204 || status == 304) {
                body = new byte[0];
            } else if (isChunked(headers)) {
                body = readChunked();
            } else if (headers.containsKey("content-length")) {
                body = readExactly(contentLength(headers));
            } else {
                body = in.readAllBytes(); // delimited by the end of the connection
                keepAlive = false;
            }
            return new HttpResponse(status, headers, body, keepAlive);
        }
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + abbreviate(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
    }

    private static boolean keepAlive(Map<String, List<String>> headers, boolean http10) {
        boolean close = false;
        boolean keepAlive = false;
        for (String value : headers.getOrDefault("connection", List.of())) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                close |= t.equals("close");
                keepAlive |= t.equals("keep-alive");
            }
        }
        return !close && (!http10 || keepAlive);
    }

    private static boolean isChunked(Map<String, List<String>> headers) {
        List<String> codings = headers.get("transfer-encoding");
        if (codings == null || codings.isEmpty()) {
            return false;
        }
        String last = codings.get(codings.size() - 1);
        String[] tokens = last.split(",");
        return tokens[tokens.length - 1].trim().equalsIgnoreCase("chunked");
    }

    private static int contentLength(Map<String, List<String>> headers) throws IOException {
        String value = null;
        for (String v : headers.get("content-length")) {
            for (String part : v.split(",")) {
                String p = part.trim();
                if (value != null && !value.equals(p)) {
                    throw new IOException("conflicting Content-Length values");
                }
                value = p;
            }
        }
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new IOException("Content-Length out of range: " + value);
            }
            return (int) length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + abbreviate(value));
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                readHeaders(); // trailer section, ends with an empty line
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection ended after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** A line without its CRLF (a bare LF is accepted too). */
    private String readLine(boolean startOfMessage) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(startOfMessage && line.size() == 0 ? "connection closed by the server"
                        : "connection ended inside a response");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
