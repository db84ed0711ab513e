package dev.portalloc.adapters.web;

import dev.portalloc.application.inmemory.InMemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS with a PKCS#12 keystore made here by the JDK's keytool, and a client that trusts only it. */
class TlsTest {
    private static final String PASSWORD = "keystore-pass-1";
    private static final String TOKEN = "tls-token-0123456789";

    @TempDir
    static Path dir;
    private static Path keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = dir.resolve("server.p12");
        keytool("-genkeypair", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-alias", "portalloc", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
    }

    @Test
    void theApiIsServedOverHttpsToAClientThatTrustsTheCertificate() throws Exception {
        AccessPolicy policy = AccessPolicy.tokens(List.of(ApiToken.of("deployer", ApiToken.Scope.READ_WRITE, TOKEN)));
        HttpApi api = HttpApi.builder(freshUseCases(), () -> true)
                .accessPolicy(policy)
                .tls(TlsKeystore.pkcs12(keystore, PASSWORD.toCharArray()))
                .stopTimeout(Duration.ZERO)
                .build();
        try (HttpApi.Running running = api.start("127.0.0.1", 0)) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            String base = "https://127.0.0.1:" + running.port();

            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/pools/edge"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"minPort\": 1, \"maxPort\": 9}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/pools")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(running.scheme()).isEqualTo("https");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.sslSession()).isPresent();
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(refused.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void plainHttpIsNotServedOnAnHttpsPort() throws Exception {
        HttpApi api = HttpApi.builder(freshUseCases(), () -> true)
                .tls(TlsKeystore.pkcs12(keystore, PASSWORD.toCharArray())).stopTimeout(Duration.ZERO).build();
        try (HttpApi.Running running = api.start("127.0.0.1", 0)) {
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = null;
            try {
                response = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + "/health/live"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException refused) {
                // Jetty may close the connection rather than answer.
            }
            if (response != null) {
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.body()).doesNotContain("UP");
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() throws Exception {
        HttpApi api = HttpApi.builder(freshUseCases(), () -> true)
                .tls(TlsKeystore.pkcs12(keystore, PASSWORD.toCharArray())).stopTimeout(Duration.ZERO).build();
        try (HttpApi.Running running = api.start("127.0.0.1", 0)) {
            HttpClient client = HttpClient.newBuilder().build();

            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + running.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWhenTheKeystoreIsOpenedAndNotRepeated() {
        assertThatThrownBy(() -> TlsKeystore.pkcs12(keystore, "wrong-password-42".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot open TLS keystore", keystore.toString())
                .hasMessageNotContaining("wrong-password-42");
    }

    @Test
    void aMissingOrForeignFileIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("not-a-keystore.p12"), "hello", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TlsKeystore.pkcs12(dir.resolve("missing.p12"), PASSWORD.toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.p12");
        assertThatThrownBy(() -> TlsKeystore.pkcs12(text, PASSWORD.toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-a-keystore.p12");
    }

    @Test
    void aKeystoreWithoutAPrivateKeyIsRefused() throws Exception {
        Path certificate = dir.resolve("server.cer");
        Path truststore = dir.resolve("trust-only.p12");
        keytool("-exportcert", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", "portalloc",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", truststore.toString(),
                "-storepass", PASSWORD, "-alias", "ca", "-file", certificate.toString());

        assertThatThrownBy(() -> TlsKeystore.pkcs12(truststore, PASSWORD.toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private key");
    }

    @Test
    void theKeystoreShowsItsPathButNeverItsPassword() {
        TlsKeystore tls = TlsKeystore.pkcs12(keystore, PASSWORD.toCharArray());

        assertThat(tls.path()).isEqualTo(keystore);
        assertThat(tls.toString()).contains(keystore.toString()).doesNotContain(PASSWORD);
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static dev.portalloc.application.port.in.UseCases freshUseCases() {
        return new InMemoryStore().useCases(new SteppingClock(Instant.EPOCH));
    }
}
