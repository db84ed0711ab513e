package dev.portalloc.adapters.jdbc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PortListCodecTest {

    @Test
    void writesRunsOfThreeOrMoreAsRanges() {
        assertThat(PortListCodec.encode(List.of())).isEmpty();
        assertThat(PortListCodec.encode(List.of(15672))).isEqualTo("15672");
        assertThat(PortListCodec.encode(List.of(15672, 15673))).isEqualTo("15672,15673");
        assertThat(PortListCodec.encode(List.of(1, 2, 3, 5, 7, 8, 9, 10, 65535))).isEqualTo("1-3,5,7-10,65535");
        assertThat(PortListCodec.encode(IntStream.rangeClosed(1, 65535).boxed().toList())).isEqualTo("1-65535");
    }

    @Test
    void readsWhatItWritesAndPlainLists() {
        List<Integer> ports = List.of(1, 2, 3, 5, 7, 8, 9, 10, 100, 101, 65535);
        assertThat(PortListCodec.decode(PortListCodec.encode(ports))).isEqualTo(ports);
        assertThat(PortListCodec.decode("15672,15673")).containsExactly(15672, 15673);
        assertThat(PortListCodec.decode("")).isEmpty();
        assertThat(PortListCodec.decode(null)).isEmpty();
    }
}
