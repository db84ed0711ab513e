package dev.portalloc.adapters.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relay on 127.0.0.1 between a client and a server that passes every byte through unchanged and keeps the
 * last of them, in the order they crossed, with the connection and direction of each. It answers what a
 * client-side report cannot: which bytes went down a kept-alive connection and which came back on it.
 */
final class WireRecorder implements AutoCloseable {
    /** The chunks kept: enough for the few exchanges before a failure. */
    private static final int KEPT = 400;

    private final int target;
    private final ServerSocket listener;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private final Set<Socket> open = new HashSet<>();
    private long sequence;

    private record Chunk(long sequence, int connection, boolean toServer, byte[] bytes) {
    }

    WireRecorder(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "wire-recorder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to instead of the server's. */
    int port() {
        return listener.getLocalPort();
    }

    /** Where the next bytes to cross will be: pass it to {@link #since} for what crossed after this point. */
    synchronized long mark() {
        return sequence;
    }

    /** Every kept chunk since the mark, one line each: {@code #3 >} client to server, {@code #3 <} back. */
    synchronized String since(long mark) {
        StringBuilder out = new StringBuilder();
        for (Chunk chunk : chunks) {
            if (chunk.sequence >= mark) {
                String bytes = new String(chunk.bytes, StandardCharsets.ISO_8859_1);
                out.append("  #").append(chunk.connection).append(chunk.toServer ? " > " : " < ")
                        .append(HostileRequests.escape(bytes, 1_200)).append('\n');
            }
        }
        return out.length() == 0 ? "  (nothing crossed)\n" : out.toString();
    }

    private void accept() {
        for (int id = 1; !listener.isClosed(); id++) {
            try {
                Socket client = listener.accept();
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException refused) {
                    // The client sees its connection close, as it would have seen the server's refusal.
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (this) {
                    open.add(client);
                    open.add(server);
                }
                AtomicInteger ended = new AtomicInteger();
                pump(id, client, server, true, ended);
                pump(id, server, client, false, ended);
            } catch (IOException stopped) {
                // The listener closed.
            }
        }
    }

    /**
     * Copies one direction until its end, which it passes on as an end of output (an error closes both
     * sockets); the second direction to end closes the connection.
     */
    private void pump(int id, Socket from, Socket to, boolean toServer, AtomicInteger ended) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    record(id, toServer, Arrays.copyOf(buffer, n));
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException broken) {
                closeBoth(from, to);
                return;
            }
            if (ended.incrementAndGet() == 2) {
                closeBoth(from, to);
            }
        }, "wire-recorder-" + id + (toServer ? "-up" : "-down"));
        thread.setDaemon(true);
        thread.start();
    }

    private void closeBoth(Socket one, Socket other) {
        closeQuietly(one);
        closeQuietly(other);
        synchronized (this) {
            open.remove(one);
            open.remove(other);
        }
    }

    private synchronized void record(int id, boolean toServer, byte[] bytes) {
        chunks.addLast(new Chunk(sequence++, id, toServer, bytes));
        if (chunks.size() > KEPT) {
            chunks.removeFirst();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (this) {
            List.copyOf(open).forEach(WireRecorder::closeQuietly);
        }
    }
}
