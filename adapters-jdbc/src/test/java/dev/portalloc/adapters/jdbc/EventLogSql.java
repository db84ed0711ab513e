package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.EventPage;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.PoolName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the event table holds, asked in plain SQL behind the store's back, and a full read through the API. */
final class EventLogSql {
    private EventLogSql() {
    }

    /** Rows, rows with a sequence number, the lowest and highest number, and the sequencer's counter. */
    record Stats(long rows, long sequenced, long minSeq, long maxSeq, long lastSeq) {
    }

    static Stats stats(JdbcStore store) {
        DataSource dataSource = store.dataSource();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            Stats stats;
            try (ResultSet row = statement.executeQuery(
                    "SELECT COUNT(*), COUNT(seq), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM event")) {
                row.next();
                long rows = row.getLong(1);
                long sequenced = row.getLong(2);
                long min = row.getLong(3);
                long max = row.getLong(4);
                try (ResultSet sequencer = statement.executeQuery("SELECT last_seq FROM event_sequencer WHERE id = 1")) {
                    sequencer.next();
                    stats = new Stats(rows, sequenced, min, max, sequencer.getLong(1));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return stats;
        } catch (SQLException failure) {
            throw new IllegalStateException("reading the event table failed", failure);
        }
    }

    /** Pool-changed events with these actors, in this order, committed and not numbered yet. */
    static void insertUnsequenced(JdbcStore store, PoolName pool, Instant at, List<String> actors) {
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO event (occurred_at, event_type,"
                     + " pool_name, ports, actor) VALUES (?, 'pool-changed', ?, '', ?)")) {
            for (String actor : actors) {
                insert.setObject(1, at.atOffset(ZoneOffset.UTC));
                insert.setString(2, pool.value());
                insert.setString(3, actor);
                insert.addBatch();
            }
            insert.executeBatch();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("inserting events failed", failure);
        }
    }

    /** Every event after {@code after}, page by page, as a client following the log reads them. */
    static List<Event> readAll(UseCases useCases, long after) {
        List<Event> events = new ArrayList<>();
        long last = after;
        while (true) {
            EventPage page = useCases.listEvents().listEvents(
                    new ListEventsQuery(last, ListEventsQuery.MAX_LIMIT, Optional.empty(), Optional.empty()));
            events.addAll(page.events());
            if (page.next().isEmpty()) {
                return events;
            }
            last = page.next().getAsLong();
        }
    }
}
