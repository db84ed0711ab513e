package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupNotesTest {
    @Test
    void aLaterRunReplacesTheLinesOfTheJvmsItWarmedAndKeepsTheOthers() {
        List<String> earlier = List.of("h2 in-process: JIT settled after 95 s", "h2 server: JIT settled after 55 s",
                "not a note");
        Map<String, String> later = new LinkedHashMap<>();
        later.put("h2 server", "JIT settled after 60 s");
        later.put("postgresql server", "JIT settled after 65 s");

        assertThat(WarmupNotes.merge(earlier, later)).containsExactly("h2 in-process: JIT settled after 95 s",
                "h2 server: JIT settled after 60 s", "postgresql server: JIT settled after 65 s");
    }

    @Test
    void theFileAccumulatesAcrossRuns(@TempDir Path dir) throws IOException {
        WarmupNotes.update(dir, Map.of("h2 server", "first"));

        List<String> lines = WarmupNotes.update(dir, Map.of("postgresql server", "second"));

        assertThat(lines).containsExactly("h2 server: first", "postgresql server: second");
        assertThat(dir.resolve(WarmupNotes.FILE)).hasContent("h2 server: first\npostgresql server: second");
    }
}
