package io.gpwarden.testcluster.fts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FtsDecisionTest {
    static final Instant NOW = Instant.parse("2024-01-01T00:00:10Z");
    static final FtsSettings SETTINGS = new FtsSettings(2, 2, 3, 3, 100);

    static SegmentRow primary(char mode) {
        return new SegmentRow(2, 0, 'p', 'p', mode, 'u', 6000, "sdw1", "127.0.1.3", "/d/p0");
    }

    static SegmentRow mirror(char mode, char status) {
        return new SegmentRow(10, 0, 'm', 'm', mode, status, 7000, "sdw2", "127.0.1.4", "/d/m0");
    }

    static SegmentRow coordinator() {
        return new SegmentRow(1, -1, 'p', 'p', 's', 'u', 5432, "cdw", "127.0.1.1", "/d/c");
    }

    static SegmentRow standby() {
        return new SegmentRow(18, -1, 'm', 'm', 's', 'u', 5432, "scdw", "127.0.1.2", "/d/s");
    }

    static ProbeResult healthy(int dbid) {
        return new ProbeResult(dbid, ProbeResult.Kind.PRIMARY, true, "streaming", "sync", null);
    }

    @Test
    void promotesAnInSyncMirrorWhenItsPrimaryIsUnreachable() {
        FtsDecision.Outcome o = FtsDecision.decide(List.of(primary('s'), mirror('s', 'u')),
                Map.of(2, ProbeResult.unreachable(2, "refused")), Map.of(), NOW, SETTINGS);
        assertThat(o.changes()).extracting(Catalog.Change::newRow).containsExactly(
                primary('s').with('m', 'n', 'd'), mirror('s', 'u').with('p', 'n', 'u'));
        assertThat(o.changes()).extracting(Catalog.Change::history).containsExactly(
                "FTS: update role, status, and mode for dbid 2 with contentid 0 to m, d, and n",
                "FTS: update role, status, and mode for dbid 10 with contentid 0 to p, u, and n");
        assertThat(o.actions()).containsExactly(new FtsAction(FtsAction.Kind.PROMOTE, mirror('s', 'u').with('p', 'n', 'u')));
    }

    @Test
    void doubleFaultChangesNothing() {
        FtsDecision.Outcome notInSync = FtsDecision.decide(List.of(primary('n'), mirror('n', 'u')),
                Map.of(2, ProbeResult.unreachable(2, "refused")), Map.of(), NOW, SETTINGS);
        FtsDecision.Outcome mirrorDown = FtsDecision.decide(List.of(primary('n'), mirror('n', 'd')),
                Map.of(2, ProbeResult.unreachable(2, "refused")), Map.of(), NOW, SETTINGS);
        for (FtsDecision.Outcome o : List.of(notInSync, mirrorDown)) {
            assertThat(o.changes()).isEmpty();
            assertThat(o.actions()).isEmpty();
            assertThat(o.log()).singleElement().asString().contains("double fault");
        }
    }

    @Test
    void marksAnAbsentMirrorDownOnlyAfterTheGracePeriodAndTurnsSyncRepOff() {
        ProbeResult noMirror = new ProbeResult(2, ProbeResult.Kind.PRIMARY, true, null, null, null);
        List<SegmentRow> rows = List.of(primary('s'), mirror('s', 'u'));
        FtsDecision.Outcome first = FtsDecision.decide(rows, Map.of(2, noMirror), Map.of(), NOW, SETTINGS);
        assertThat(first.changes()).isEmpty();
        assertThat(first.mirrorAbsentSince()).containsEntry(10, NOW);

        FtsDecision.Outcome later = FtsDecision.decide(rows, Map.of(2, noMirror), first.mirrorAbsentSince(),
                NOW.plusSeconds(3), SETTINGS);
        assertThat(later.changes()).extracting(Catalog.Change::newRow).containsExactly(
                primary('s').with('p', 'n', 'u'), mirror('s', 'u').with('m', 'n', 'd'));
        assertThat(later.actions()).containsExactly(new FtsAction(FtsAction.Kind.SYNCREP_OFF, primary('s')));
    }

    @Test
    void aCaughtUpMirrorGetsSyncRepAndThenTheSyncedMode() {
        ProbeResult caughtUp = new ProbeResult(2, ProbeResult.Kind.PRIMARY, false, "streaming", "async", null);
        FtsDecision.Outcome o = FtsDecision.decide(List.of(primary('n'), mirror('n', 'u')), Map.of(2, caughtUp), Map.of(),
                NOW, SETTINGS);
        assertThat(o.actions()).containsExactly(new FtsAction(FtsAction.Kind.SYNCREP_ON, primary('n')));
        assertThat(o.changes()).isEmpty();

        FtsDecision.Outcome synced = FtsDecision.decide(List.of(primary('n'), mirror('n', 'u')), Map.of(2, healthy(2)),
                Map.of(), NOW, SETTINGS);
        assertThat(synced.changes()).extracting(Catalog.Change::newRow).containsExactly(
                primary('n').with('p', 's', 'u'), mirror('n', 'u').with('m', 's', 'u'));
    }

    @Test
    void aRecoveredMirrorStillCatchingUpIsUpButNotInSync() {
        ProbeResult catchup = new ProbeResult(2, ProbeResult.Kind.PRIMARY, false, "catchup", "async", null);
        FtsDecision.Outcome o = FtsDecision.decide(List.of(primary('n'), mirror('n', 'd')), Map.of(2, catchup), Map.of(),
                NOW, SETTINGS);
        assertThat(o.changes()).extracting(Catalog.Change::newRow).contains(mirror('n', 'd').with('m', 'n', 'u'));
        assertThat(o.actions()).isEmpty();
    }

    @Test
    void neverFailsTheCoordinatorOverButTracksItsStandby() {
        FtsDecision.Outcome unreachable = FtsDecision.decide(List.of(coordinator(), standby()),
                Map.of(1, ProbeResult.unreachable(1, "x")), Map.of(), NOW, SETTINGS);
        assertThat(unreachable.changes()).isEmpty();
        assertThat(unreachable.actions()).isEmpty();

        ProbeResult noStandby = new ProbeResult(1, ProbeResult.Kind.PRIMARY, true, null, null, null);
        FtsDecision.Outcome gone = FtsDecision.decide(List.of(coordinator(), standby()), Map.of(1, noStandby),
                Map.of(18, NOW.minusSeconds(5)), NOW, SETTINGS);
        assertThat(gone.changes()).extracting(Catalog.Change::newRow).contains(standby().with('m', 'n', 'd'));
        assertThat(gone.actions()).containsExactly(new FtsAction(FtsAction.Kind.SYNCREP_OFF, coordinator()));
    }

    @Test
    void aPrimaryThatIsStillAReplicaIsSentPromoteAgain() {
        SegmentRow promotedInCatalog = mirror('n', 'u').with('p', 'n', 'u');
        FtsDecision.Outcome o = FtsDecision.decide(List.of(primary('n').with('m', 'n', 'd'), promotedInCatalog),
                Map.of(10, ProbeResult.inRecovery(10)), Map.of(), NOW, SETTINGS);
        assertThat(o.actions()).containsExactly(new FtsAction(FtsAction.Kind.PROMOTE, promotedInCatalog));
        assertThat(o.changes()).isEmpty();
    }

    @Test
    void healthyPairsChangeNothing() {
        FtsDecision.Outcome o = FtsDecision.decide(List.of(coordinator(), standby(), primary('s'), mirror('s', 'u')),
                Map.of(1, healthy(1), 2, healthy(2)), Map.of(), NOW, SETTINGS);
        assertThat(o.changes()).isEmpty();
        assertThat(o.actions()).isEmpty();
        assertThat(o.mirrorAbsentSince()).isEmpty();
    }
}
