package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers no part or run can have, found by feeding 0, -1, 1e308, NaN, 2^31-1 and 1e-300 to every numeric option of
 * train, fabric, link, reliability, collective and disagg: each was a stack trace, an out-of-memory error or an Infinity
 * printed as an answer. Each is now one line naming the option, exit code 2.
 */
class HostileNumbersTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        List.of("fabric", "--gpus", "256", "--switch-radix", "2147483647"),
                        "error: switch-radix: 2147483647 ports is more than any switch has (give --switch-radix up to"
                                + " 1024"),
                Arguments.of(
                        List.of("fabric", "--gpus", "64", "--scale-up-domain", "8", "--scale-up-bandwidth", "1e-300"),
                        "error: scale-up-bandwidth: 1.000e-300 GB/s per GPU over 18 ports is a 4.444e-301 Gb/s port"),
                Arguments.of(
                        List.of("reliability", "--gpus", "256", "--mode", "analytical", "--checkpoint-min", "1e-300"),
                        "error: checkpoint interval 6.0E-299 s is shorter than a second"),
                Arguments.of(
                        List.of("reliability", "--gpus", "256", "--mode", "analytical", "--checkpoint-min", "0.05"),
                        "error: a blocking checkpoint every 0.05 min that takes 0.1 min to write leaves no time to"
                                + " train"),
                Arguments.of(
                        List.of("collective", "--op", "allreduce", "--gpus", "64", "--scale-out-efficiency", "1e-300"),
                        "error: scale-out-efficiency: 1.0E-300 is not a share of line rate a link delivers (give"
                                + " --scale-out-efficiency in [0.01, 1])"),
                Arguments.of(
                        List.of("disagg", "workload", "--offload-gb", "1e308"),
                        "error: --offload-gb 1.0E308 is not a transfer a step makes (give 0 to 1000000.0 GB"),
                Arguments.of(
                        List.of("disagg", "workload", "--offload-gb", "10", "--compute-s", "1e308"),
                        "error: compute-s must be in [0, 1000000.0] s"),
                Arguments.of(
                        List.of("link", "--tech", "npo", "--reach-m", "NaN"),
                        "error: Invalid value for option '--reach-m': 'NaN' is not a finite number"));
    }

    /** A queue bound far above the job count is no bound: it used to be allocated whole (2^31 - 1 ints, OOM). */
    @org.junit.jupiter.api.Test
    void aHugeQueueBoundRunsLikeAnUnboundedQueue() {
        CliRunner.Result huge = CliRunner.run("pool", "simulate", "--synthetic", "jobs=2000", "--queue", "2147483647");
        CliRunner.Result big = CliRunner.run("pool", "simulate", "--synthetic", "jobs=2000", "--queue", "2000");
        assertThat(huge.exit()).as(huge.err()).isZero();
        assertThat(huge.out()).isEqualTo(big.out());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneLineNamingTheOptionAndExitTwo(List<String> args, String expected) {
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(expected);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("Infinity").doesNotContain("NaN");
    }
}
