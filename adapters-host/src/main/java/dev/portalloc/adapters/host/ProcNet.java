package dev.portalloc.adapters.host;

import dev.portalloc.domain.PortRange;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Optional;

/**
 * Parsers for the Linux files this adapter reads: {@code /proc/net/tcp}, {@code /proc/net/tcp6} and
 * {@code /proc/sys/net/ipv4/ip_local_port_range}. Pure functions over text, so they are testable
 * anywhere.
 */
final class ProcNet {
    /** One bit per possible port number. */
    static final int PORT_SPACE = 65536;

    /** {@code TCP_LISTEN} in the kernel's {@code st} column. */
    private static final int STATE_LISTEN = 0x0A;

    private ProcNet() {
    }

    /**
     * What one {@code /proc/net/tcp*} text says.
     *
     * @param ports          the local ports of sockets in state LISTEN
     * @param malformedLines lines that are neither the header, blank, nor a socket entry
     */
    record Listeners(BitSet ports, int malformedLines) {
    }

    /** Parses a whole {@code /proc/net/tcp} or {@code /proc/net/tcp6} text. */
    static Listeners parseListeners(String text) {
        BitSet ports = new BitSet(PORT_SPACE);
        try {
            int malformed = addListeners(new BufferedReader(new StringReader(text)), ports);
            return new Listeners(ports, malformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /**
     * Adds the local port of every LISTEN entry read from {@code reader} to {@code ports}, line by line so
     * that thousands of sockets never sit in memory as one string.
     *
     * @return how many lines were malformed (skipped)
     */
    static int addListeners(BufferedReader reader, BitSet ports) throws IOException {
        int malformed = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (parseLine(line, ports) == Line.MALFORMED) {
                malformed++;
            }
        }
        return malformed;
    }

    private enum Line { SKIPPED, ENTRY, MALFORMED }

    /**
     * One line: {@code "  12: 0100007F:1F90 00000000:0000 0A ..."}, i.e. slot, local address:port, remote
     * address:port, state, then columns this adapter ignores. Addresses are 8 (IPv4) or 32 (IPv6) hex
     * digits, ports and the state are hex.
     */
    private static Line parseLine(String line, BitSet ports) {
        int slotStart = skipBlanks(line, 0);
        if (slotStart == line.length()) {
            return Line.SKIPPED;
        }
        int slotEnd = tokenEnd(line, slotStart);
        if (line.startsWith("sl", slotStart) && slotEnd - slotStart == 2) {
            return Line.SKIPPED; // the header
        }
        if (slotEnd - slotStart < 2 || line.charAt(slotEnd - 1) != ':' || hex(line, slotStart, slotEnd - 1) < 0) {
            return Line.MALFORMED;
        }
        int localStart = skipBlanks(line, slotEnd);
        int localEnd = tokenEnd(line, localStart);
        int remoteStart = skipBlanks(line, localEnd);
        int remoteEnd = tokenEnd(line, remoteStart);
        int stateStart = skipBlanks(line, remoteEnd);
        int stateEnd = tokenEnd(line, stateStart);
        int localPort = port(line, localStart, localEnd);
        if (localPort < 0 || port(line, remoteStart, remoteEnd) < 0 || stateEnd - stateStart != 2) {
            return Line.MALFORMED;
        }
        int state = hex(line, stateStart, stateEnd);
        if (state < 0) {
            return Line.MALFORMED;
        }
        if (state == STATE_LISTEN) {
            ports.set(localPort);
        }
        return Line.ENTRY;
    }

    /** The port of an {@code address:port} token, or -1 when the token is not one. */
    private static int port(String line, int start, int end) {
        int colon = line.indexOf(':', start);
        if (colon < 0 || colon >= end) {
            return -1;
        }
        int addressDigits = colon - start;
        if ((addressDigits != 8 && addressDigits != 32) || !allHex(line, start, colon)) {
            return -1;
        }
        int portDigits = end - colon - 1;
        return portDigits >= 1 && portDigits <= 4 ? hex(line, colon + 1, end) : -1;
    }

    /**
     * Parses {@code ip_local_port_range}: two port numbers separated by blanks, low then high. Empty when
     * the text is anything else.
     */
    static Optional<PortRange> parsePortRange(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        int low = decimal(parts[0]);
        int high = decimal(parts[1]);
        if (low < PortRange.LOWEST_PORT || high > PortRange.HIGHEST_PORT || low > high) {
            return Optional.empty();
        }
        return Optional.of(PortRange.of(low, high));
    }

    /** A small non-negative decimal number, or -1. */
    private static int decimal(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A hex number of at most 7 digits in [start, end), or -1 (Integer.parseInt would accept signs). */
    private static int hex(String s, int start, int end) {
        if (start >= end || end - start > 7) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = hexDigit(s.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static boolean allHex(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (hexDigit(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** ASCII only: Character.digit would also accept other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) > ' ') {
            i++;
        }
        return i;
    }
}
