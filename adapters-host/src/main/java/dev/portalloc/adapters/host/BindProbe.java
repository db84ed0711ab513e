package dev.portalloc.adapters.host;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells whether a port is in use by trying to bind a server socket to it on the wildcard address, with
 * SO_REUSEADDR off, and closing it at once. Portable but slow next to reading {@code /proc}: one system
 * round trip per port, and the port is held for that instant.
 *
 * <p>A {@link BindException} counts as in use; that includes "permission denied" for privileged ports
 * where binding them needs rights the allocator lacks, which errs on the side of not handing them out.
 * Any other failure counts as free, with one warning, since it says nothing about the port.
 */
final class BindProbe implements PortProbe {
    private static final Logger LOG = LoggerFactory.getLogger(BindProbe.class);

    /** Two probes of one port at once would see each other's socket and both answer "in use". */
    private final ReentrantLock probing = new ReentrantLock();
    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public boolean inUse(int port) {
        probing.lock();
        try (ServerSocket socket = new ServerSocket()) {
            // On by default on Unix, and it would let the bind succeed over a socket in TIME_WAIT.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("host check could not probe port {} by binding it ({}); such ports count as free", port,
                        e.toString());
            }
            return false;
        } finally {
            probing.unlock();
        }
    }
}
