package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdkToolsTest {
    @Test
    void compilationTimeIsTheTimeColumnUnderTheHeaderWhateverPrecedesIt() throws IOException {
        List<String> output = List.of(
                "Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8",
                "Compiled Failed Invalid   Time   FailedType FailedMethod",
                "   13499      1       0    82.31          1 org/antlr/v4/runtime/atn/ParserATNSimulator closure_");

        assertThat(JdkTools.compilationTime(output)).isEqualTo(Duration.ofMillis(82_310));
    }

    @Test
    void aDecimalCommaIsReadToo() throws IOException {
        List<String> output = List.of("Compiled Failed Invalid   Time   FailedType FailedMethod",
                "     724      0       0     2,05          0");

        assertThat(JdkTools.compilationTime(output)).isEqualTo(Duration.ofMillis(2_050));
    }

    @Test
    void outputWithoutTheHeaderOrTheValueIsRefused() {
        assertThatThrownBy(() -> JdkTools.compilationTime(List.of("1234: Unable to open socket file")))
                .isInstanceOf(IOException.class).hasMessageContaining("Unable to open socket file");
        assertThatThrownBy(() -> JdkTools.compilationTime(List.of("Compiled Failed Invalid   Time", "  12  0")))
                .isInstanceOf(IOException.class).hasMessageContaining("no compile time");
    }
}
