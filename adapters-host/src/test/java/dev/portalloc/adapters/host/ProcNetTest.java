package dev.portalloc.adapters.host;

import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsers over sample text as Linux prints it. */
final class ProcNetTest {
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 558 1 00000000fa8671d7 100 0 0 10 0
               1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6001 1 00000000360f514a 100 0 0 10 0
               2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000   106        0 6002 1 0000000011111111 20 4 30 10 -1
               3: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 6003 1 0000000022222222 20 4 30 10 -1
               4: 0A00020F:D431 5DB8D822:01BB 06 00000000:00000000 03:00000F84 00000000     0        0 0 3 0000000033333333
               5: 0A00020F:FFFF 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000044444444 100 0 0 10 0
              10: 0A00020F:0016 00000000:0000 0a 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000055555555 100 0 0 10 0
            """;

    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:1111 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 5900 1 000000003941c5df 100 0 0 10 0
               1: 00000000000000000000000000000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4054 1 000000006c201706 100 0 0 10 0
               2: 0000000000000000FFFF00000100007F:A411 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4055 1 000000006c201707 100 0 0 10 0
               3: 00000000000000000000000001000000:1111 00000000000000000000000001000000:B0B0 01 00000000:00000000 00:00000000 00000000   106        0 5901 1 000000003941c5e0 20 4 30 10 -1
               4: 00000000000000000000000001000000:2222 00000000000000000000000001000000:1111 08 00000000:00000000 00:00000000 00000000   106        0 5902 1 000000003941c5e1 20 4 30 10 -1
            """;

    @Test
    void ipv4ListenersOnAnyAddressAndNothingElse() {
        ProcNet.Listeners listeners = ProcNet.parseListeners(TCP);

        // 0x07E8 on 0.0.0.0, 0x1F90 on 127.0.0.1, 0xFFFF and 0x0016 (lower-case state) on 10.0.2.15;
        // 0xC350 and 0xD431 are only connections (ESTABLISHED, TIME_WAIT).
        assertThat(ports(listeners.ports())).containsExactly(22, 2024, 8080, 65535);
        assertThat(listeners.malformedLines()).isZero();
    }

    @Test
    void ipv6ListenersIncludingIpv4MappedAddresses() {
        ProcNet.Listeners listeners = ProcNet.parseListeners(TCP6);

        // ::1 port 0x1111, :: port 0x18EB, ::ffff:127.0.0.1 port 0xA411; CLOSE_WAIT and ESTABLISHED skipped
        assertThat(ports(listeners.ports())).containsExactly(4369, 6379, 42001);
        assertThat(listeners.malformedLines()).isZero();
    }

    @Test
    void onlyTheHeaderOrNothingMeansNoListeners() {
        assertThat(ProcNet.parseListeners(TCP.lines().findFirst().orElseThrow() + "\n").ports().isEmpty()).isTrue();
        assertThat(ProcNet.parseListeners("").ports().isEmpty()).isTrue();
        assertThat(ProcNet.parseListeners("\n   \n").malformedLines()).isZero();
    }

    @Test
    void malformedLinesAreSkippedAndCounted() {
        String text = TCP.lines().findFirst().orElseThrow() + "\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
                + "   1: 0100007F:1F91\n"                                      // too short
                + "   2: 0100007F:GGGG 00000000:0000 0A 00000000:00000000\n"   // port not hex
                + "   3: 0100007F:12345 00000000:0000 0A 00000000:00000000\n"  // port of five digits
                + "   4: 0100007F1F92 00000000:0000 0A 00000000:00000000\n"    // no colon
                + "   5: 0100007F:1F93 00000000:0000 0Z 00000000:00000000\n"   // state not hex
                + "   6: 0100007F:1F94 00000000:0000 A 00000000:00000000\n"    // state of one digit
                + "   7: 00007F:1F95 00000000:0000 0A 00000000:00000000\n"     // address of six digits
                + "   8: 0100007F:-1F9 00000000:0000 0A 00000000:00000000\n"   // sign
                + "  x9: 0100007F:1F96 00000000:0000 0A 00000000:00000000\n"   // slot not hex
                + "9 0100007F:1F97 00000000:0000 0A 00000000:00000000\n"       // slot without colon
                + "hello world\n"
                + "  10: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1\n";

        ProcNet.Listeners listeners = ProcNet.parseListeners(text);

        assertThat(ports(listeners.ports())).containsExactly(80, 8080);
        assertThat(listeners.malformedLines()).isEqualTo(11);
    }

    @Test
    void ephemeralRangeAsLinuxPrintsIt() {
        assertThat(ProcNet.parsePortRange("32768\t60999\n")).contains(PortRange.of(32768, 60999));
        assertThat(ProcNet.parsePortRange("1024 65535")).contains(PortRange.of(1024, 65535));
        assertThat(ProcNet.parsePortRange("  40000 \t 40000 \n")).contains(PortRange.of(40000, 40000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "32768", "32768\t60999\t1", "abc def", "60999 32768", "0 100", "1024 65536",
            "-1 100", "+1024 2048", "1024,2048", "99999999999 1"})
    void malformedEphemeralRangeIsUnknown(String text) {
        assertThat(ProcNet.parsePortRange(text)).isEmpty();
    }

    private static int[] ports(BitSet bits) {
        return bits.stream().toArray();
    }
}
