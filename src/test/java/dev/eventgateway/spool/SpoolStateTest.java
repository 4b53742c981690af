package dev.eventgateway.spool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolStateTest {

    @Test
    void aSpoolWriteMakesNewRequestsGoToTheSpoolOnceItIsWritten() {
        SpoolState state = new SpoolState();
        assertThat(state.active()).isFalse();
        state.beginWrite();
        state.endWrite(true);
        assertThat(state.active()).isTrue();
    }

    @Test
    void aFailedSpoolWriteLeavesRequestsGoingToKafka() {
        SpoolState state = new SpoolState();
        state.beginWrite();
        state.endWrite(false);
        assertThat(state.active()).isFalse();
    }

    @Test
    void anEmptyReadAfterEveryWriteFinishedEndsSpooling() {
        SpoolState state = new SpoolState();
        state.beginWrite();
        state.endWrite(true);
        long before = state.writesStarted();
        assertThat(state.leaveIfUnchangedSince(before)).isTrue();
        assertThat(state.active()).isFalse();
    }

    @Test
    void aWriteStillInFlightKeepsSpoolingOnThoughTheReadFoundTheSpoolEmpty() {
        SpoolState state = new SpoolState();
        state.markActive();
        state.beginWrite();
        long before = state.writesStarted();
        assertThat(state.leaveIfUnchangedSince(before)).isFalse();
        assertThat(state.active()).isTrue();
    }

    @Test
    void aWriteStartedAfterTheReadBeganKeepsSpoolingOnEvenWhenFinished() {
        SpoolState state = new SpoolState();
        long before = state.writesStarted();
        state.beginWrite();   // committed after the read looked: the read could not see it
        state.endWrite(true);
        assertThat(state.leaveIfUnchangedSince(before)).isFalse();
        assertThat(state.active()).isTrue();
    }

    @Test
    void anotherGatewaysRowsMakeThisOneSpoolUntilTheSpoolIsEmpty() {
        SpoolState state = new SpoolState();
        state.markActive();
        assertThat(state.active()).isTrue();
        assertThat(state.leaveIfUnchangedSince(state.writesStarted())).isTrue();
    }
}
