package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessLoadTest {
    @Test
    void poolsHoldTheirPortsOnceHoweverOftenTheyAreAskedTo() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.h2();
             InProcessLoad load = InProcessLoad.open("h2", db.jdbcUrl(), db.user(), db.password())) {
            List<String> pools = BenchPools.names(3);

            assertThat(load.holdPorts(pools, 5)).isEqualTo(15);
            load.holdPorts(pools, 5);

            try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT pool_name, COUNT(*), COUNT(DISTINCT deployment)"
                         + " FROM allocation GROUP BY pool_name ORDER BY pool_name")) {
                for (String pool : pools) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(pool);
                    assertThat(rows.getInt(2)).isEqualTo(5);
                    assertThat(rows.getInt(3)).isEqualTo(5);
                }
                assertThat(rows.next()).isFalse();
            }
        }
    }
}
