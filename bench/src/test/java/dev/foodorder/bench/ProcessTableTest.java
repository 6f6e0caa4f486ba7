package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTableTest {

    @Test
    void readsCpuTicksAndResidentMemoryEvenWhenTheCommandHoldsSpacesAndParentheses() {
        var stat = "4242 (my (odd) cmd) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 31 0 1000 "
                + "2000000000 51200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        var proc = ProcessTable.parse(stat, "java -jar order-service.jar");

        assertThat(proc.pid()).isEqualTo(4242);
        assertThat(proc.parent()).isEqualTo(17);
        assertThat(proc.command()).isEqualTo("my (odd) cmd");
        assertThat(proc.cpuTicks()).isEqualTo(300);
        assertThat(proc.rssBytes()).isEqualTo(51_200L * 4096);
    }

    @Test
    void groupsProcessesByWhatTheyRun() {
        assertThat(ProcessTable.group(proc("java", "java -Xmx256m -jar /x/order-service/target/order-service.jar")))
                .isEqualTo("order-service");
        assertThat(ProcessTable.group(proc("java", "java -XX:AOTCache=/x/a.aot -jar /x/target/aot-cache/app/inventory-service.jar")))
                .isEqualTo("inventory-service");
        assertThat(ProcessTable.group(proc("java", "java -cp a.jar kafka.Kafka /x/server.properties"))).isEqualTo("kafka");
        assertThat(ProcessTable.group(proc("postgres", "postgres: food orders 127.0.0.1(5000) idle"))).isEqualTo("postgres");
        assertThat(ProcessTable.group(proc("bash", "bash"))).isNull();
    }

    @Test
    void measuresThisMachinesBusyTime() {
        assertThat(ProcessTable.machineBusyTicks()).isPositive();
        assertThat(new ProcessTable(ProcessHandle.current().pid(), "-D /nowhere").stackProcesses())
                .extracting(ProcessTable.Proc::pid).contains(ProcessHandle.current().pid());
    }

    @Test
    void readsTheTimeAThreadWaitedForACore() {
        assertThat(ProcessTable.runQueueNanos("3551020145 871230112 4512\n")).isEqualTo(871_230_112L);
    }

    @Test
    void countsThreadsWaitingForACoreFromTheThreadsSeenAtBothEnds() {
        var before = snapshot(0, Map.of(1L, 1_000_000_000L, 2L, 0L, 3L, 5L));
        // A second later: thread 1 waited three quarters of it, 2 half of it; 3 ended, 4 is new, and neither counts.
        var after = snapshot(1_000_000_000L, Map.of(1L, 1_750_000_000L, 2L, 500_000_000L, 4L, 9_000_000_000L));

        assertThat(after.waitingSince(before)).containsEntry("order-service", 1.25);
    }

    @Test
    void measuresHowLongThisProcessWaitedForACore() {
        assertThat(ProcessTable.runQueueNanos(ProcessHandle.current().pid()))
                .containsKey(ProcessHandle.current().pid())
                .allSatisfy((thread, nanos) -> assertThat(nanos).isNotNegative());
        assertThat(ProcessTable.runQueueNanos(-1)).isEmpty();
    }

    private static ProcessTable.Snapshot snapshot(long nanos, Map<Long, Long> waitsByThread) {
        return new ProcessTable.Snapshot(nanos, Map.of(), Map.of("order-service", waitsByThread), Map.of(), 0);
    }

    private static ProcessTable.Proc proc(String command, String commandLine) {
        return new ProcessTable.Proc(1, 0, command, commandLine, 0, 0);
    }
}
