package dev.portalloc.bootstrap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PKCS#12 keystores made by the JDK's own keytool, for tests that serve HTTPS. */
final class Keystores {
    private Keystores() {
    }

    /** A keystore in {@code dir} with one EC key and a self-signed certificate for 127.0.0.1 and localhost. */
    static Path create(Path dir, String password) throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-alias", "portalloc", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keystore;
    }
}
