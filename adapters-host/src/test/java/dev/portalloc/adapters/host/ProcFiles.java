package dev.portalloc.adapters.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/** Files shaped like Linux's, for tests that must not depend on this machine. */
final class ProcFiles {
    static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode";

    private ProcFiles() {
    }

    /** A {@code /proc/net/tcp} where each port is listened on at 127.0.0.1, plus one connection. */
    static Path tcpListening(Path file, IntStream ports) {
        StringBuilder text = new StringBuilder(TCP_HEADER).append('\n');
        int[] slot = {0};
        ports.forEach(port -> text.append(String.format(
                "%4d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 %d 1"
                        + " 0000000000000000 100 0 0 10 0%n", slot[0]++, port, 100000 + port)));
        text.append(String.format("%4d: 0100007F:0050 0100007F:C350 01 00000000:00000000 00:00000000 00000000"
                + "     0        0 99 1 0000000000000000 20 4 30 10 -1%n", slot[0]));
        return write(file, text.toString());
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
