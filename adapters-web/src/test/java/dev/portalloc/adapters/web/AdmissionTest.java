package dev.portalloc.adapters.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The places of {@link Admission}: an answer that closes its permit from several ends gives back one place. */
class AdmissionTest {

    @Test
    void aPermitClosedTwiceGivesBackOnePlace() {
        Admission admission = new Admission(2, 0, Duration.ZERO);
        Admission.Permit first = admission.enter();
        Admission.Permit second = admission.enter();
        first.close();
        first.close();

        Admission.Permit third = admission.enter();
        assertThatThrownBy(admission::enter).as("both places taken: the second close gave back nothing")
                .isInstanceOf(OverloadedException.class);
        second.close();
        third.close();
    }
}
