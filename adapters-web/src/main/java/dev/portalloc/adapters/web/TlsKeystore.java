package dev.portalloc.adapters.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;

/**
 * The certificate and private key HTTPS is served with: a PKCS#12 keystore file and its password. It
 * is opened when this is made, so a wrong path or password stops a server before it starts rather
 * than at its first connection. The file is read once; replacing it takes a restart.
 */
public final class TlsKeystore {
    private final Path path;
    private final KeyStore keyStore;
    private final char[] password;

    private TlsKeystore(Path path, KeyStore keyStore, char[] password) {
        this.path = path;
        this.keyStore = keyStore;
        this.password = password;
    }

    /**
     * Opens a PKCS#12 keystore that holds at least one private key with its certificate chain; the key
     * is protected by the keystore's password (as {@code keytool} and {@code openssl pkcs12} make them).
     *
     * @throws IllegalArgumentException when the file cannot be read, is not PKCS#12, the password is
     *                                  wrong, or it holds no private key; the message never contains
     *                                  the password
     */
    public static TlsKeystore pkcs12(Path path, char[] password) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
        char[] copy = password.clone();
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(path)) {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, copy);
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password surfaces as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalArgumentException("cannot open TLS keystore " + path + ": not readable, not PKCS#12, "
                    + "or the password is wrong (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(keyStore.aliases())) {
                hasKey |= keyStore.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("TLS keystore " + path + " holds no private key");
            }
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    // The server reads the key with the same password; fail now if that cannot work.
                    keyStore.getKey(alias, copy);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the private key in TLS keystore " + path
                    + ": its password differs from the keystore's (" + e.getClass().getSimpleName() + ")", e);
        }
        return new TlsKeystore(path, keyStore, copy);
    }

    /** Where the keystore was read from. */
    public Path path() {
        return path;
    }

    KeyStore keyStore() {
        return keyStore;
    }

    /** Jetty takes the key password as a string; only the connector that serves HTTPS asks for it. */
    String password() {
        return new String(password);
    }

    /** The path only; never the password. */
    @Override
    public String toString() {
        return "TlsKeystore[" + path + "]";
    }
}
