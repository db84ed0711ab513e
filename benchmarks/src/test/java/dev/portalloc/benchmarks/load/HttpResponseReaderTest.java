package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpResponseReaderTest {
    private static HttpResponseReader reader(String wire) {
        return new HttpResponseReader(new BufferedInputStream(
                new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), 7)); // tiny buffer: refills mid-line
    }

    @Test
    void contentLengthBody() throws IOException {
        HttpResponse r = reader("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                + "{\"id\":\"a1\"}").read(false);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bodyText()).isEqualTo("{\"id\":\"a1\"}");
        assertThat(r.keepAlive()).isTrue();
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.header("content-type")).contains("application/json");
        assertThat(r.header("CONTENT-LENGTH")).contains("11");
    }

    @Test
    void responsesFollowOneAnotherOnAKeepAliveConnection() throws IOException {
        HttpResponseReader reader = reader("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nab"
                + "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nxyz");

        assertThat(reader.read(false).bodyText()).isEqualTo("ab");
        HttpResponse noContent = reader.read(false);
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        HttpResponse notFound = reader.read(false);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.isSuccess()).isFalse();
        assertThat(notFound.bodyText()).isEqualTo("xyz");
        assertThatThrownBy(() -> reader.read(false)).isInstanceOf(EOFException.class)
                .hasMessageContaining("closed by the server");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws IOException {
        HttpResponseReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\n{\"id\r\n"
                + "A\r\n\":\"abc\"}  \r\n"
                + "0\r\nX-Trailer: yes\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n");

        HttpResponse r = reader.read(false);
        assertThat(r.bodyText()).isEqualTo("{\"id\":\"abc\"}  ");
        assertThat(r.keepAlive()).isTrue();
        assertThat(reader.read(false).status()).isEqualTo(204); // the framing ended exactly after the trailers
    }

    @Test
    void chunkedWinsOverContentLength() throws IOException {
        HttpResponse r = reader("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n").read(false);

        assertThat(r.bodyText()).isEqualTo("abc");
    }

    @Test
    void connectionCloseEndsKeepAlive() throws IOException {
        assertThat(reader("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                .read(false).keepAlive()).isFalse();
        assertThat(reader("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").read(false).keepAlive()).isFalse();
        assertThat(reader("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").read(false)
                .keepAlive()).isTrue();
    }

    @Test
    void withoutLengthTheBodyRunsToTheEndOfTheConnection() throws IOException {
        HttpResponse r = reader("HTTP/1.1 200 OK\r\n\r\nall of it").read(false);

        assertThat(r.bodyText()).isEqualTo("all of it");
        assertThat(r.keepAlive()).isFalse();
    }

    @Test
    void interimResponsesAreSkipped() throws IOException {
        HttpResponse r = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx")
                .read(false);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bodyText()).isEqualTo("x");
    }

    @Test
    void headAndNotModifiedHaveNoBodyWhateverTheirLength() throws IOException {
        HttpResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n");

        assertThat(reader.read(true).body()).isEmpty();
        assertThat(reader.read(false).status()).isEqualTo(304);
    }

    @Test
    void bareLineFeedsAreAccepted() throws IOException {
        assertThat(reader("HTTP/1.1 200 OK\nContent-Length: 2\n\nok").read(false).bodyText()).isEqualTo("ok");
    }

    @Test
    void aTruncatedBodyIsAnError() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").read(false))
                .isInstanceOf(EOFException.class).hasMessageContaining("5 of 10");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab").read(false))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Le").read(false))
                .isInstanceOf(EOFException.class).hasMessageContaining("inside a response");
    }

    @Test
    void garbageIsAnError() {
        assertThatThrownBy(() -> reader("SSH-2.0-OpenSSH\r\n\r\n").read(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> reader("HTTP/1.1 abc OK\r\n\r\n").read(false)).hasMessageContaining("bad status code");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n").read(false))
                .hasMessageContaining("malformed header");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx").read(false))
                .hasMessageContaining("conflicting");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").read(false))
                .hasMessageContaining("bad chunk size");
    }
}
