package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rate the catalogue lacks for a technology is the same located one-line error (exit 2) in every command that
 * evaluates links, never another rate's part scaled per bit.
 */
class AbsentRateTest {
    private static final String LRO_400G = "error: rate: the catalogue has no lro part at 400G (it has 800G, 1.6T,"
            + " 3.2T) (use one of those rates for --rate or add a technologies entry for lro at 400G in a file given"
            + " with --catalogue FILE)";

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(List.of("link", "--tech", "lro", "--rate", "400G")),
                Arguments.of(List.of("fabric", "--gpus", "256", "--rate", "400G", "--optics", "lro")),
                Arguments.of(List.of(
                        "reliability", "--gpus", "256", "--rate", "400G", "--optics", "lro", "--mode", "analytical")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void lroAt400GIsALocatedOneLineError(List<String> args) {
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo(LRO_400G);
    }
}
