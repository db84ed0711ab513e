package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {
    @Test
    void findsTheAllocationId() {
        String body = "{\"id\":\"01a21bbb9ba68e2f2fc247926d\",\"pool\":\"default\",\"deployment\":\"dep-42\","
                + "\"service\":\"web\",\"ports\":[10000],\"createdAt\":\"2026-11-27T08:00:00Z\",\"expiresAt\":null}";

        assertThat(JsonText.stringMember(body, "id")).contains("01a21bbb9ba68e2f2fc247926d");
        assertThat(JsonText.stringMember(body, "pool")).contains("default");
    }

    @Test
    void onlyTopLevelMembersCount() {
        String body = "{ \"nested\" : {\"id\":\"inner\"}, \"list\": [{\"id\":\"x\"}], \"note\":\"\\\"id\\\":\\\"fake\\\"\","
                + " \"id\" : \"outer\" }";

        assertThat(JsonText.stringMember(body, "id")).contains("outer");
    }

    @Test
    void aValueThatMerelyLooksLikeTheKeyIsNotTheKey() {
        assertThat(JsonText.stringMember("{\"a\":\"id\",\"b\":1}", "id")).isEmpty();
        assertThat(JsonText.stringMember("{\"idx\":\"no\"}", "id")).isEmpty();
    }

    @Test
    void unescapesTheValue() {
        assertThat(JsonText.stringMember("{\"id\":\"a\\\"b\\\\c\\u0041\"}", "id")).contains("a\"b\\cA");
    }

    @Test
    void absentOrNotAString() {
        assertThat(JsonText.stringMember("{\"type\":\"/problems/unavailable\",\"status\":503}", "id")).isEmpty();
        assertThat(JsonText.stringMember("{\"id\":42}", "id")).isEmpty();
        assertThat(JsonText.stringMember("{\"id\":null}", "id")).isEmpty();
    }

    @Test
    void quotesRequestValues() {
        assertThat(JsonText.quote("c1-2")).isEqualTo("\"c1-2\"");
        assertThat(JsonText.quote("a\"b\\\n")).isEqualTo("\"a\\\"b\\\\\\u000a\"");
    }
}
