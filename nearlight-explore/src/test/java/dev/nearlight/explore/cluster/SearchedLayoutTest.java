package dev.nearlight.explore.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code search: true} in a scenario: each alternative runs the fastest layout that fits on its own fabric, the layout
 * is reported, and it is the layout the scenario would have to give to get the same step time.
 */
class SearchedLayoutTest {
    private static final String SCENARIO = """
            name: searched
            cluster:
              gpu: h100
              gpus: 1024
              gpusPerNode: 8
              fabric: {topology: rail-fat-tree, switchRadix: 64, rate: 400G, tiers: 2, oversubscription: 1}
            workloads:
              - name: llama3-70b
                model: llama3-70b
            %s
                gbs: 512
                seq: 8192
                tokens: 1T
            alternatives:
              - name: pluggable
                optics: {nodeLeaf: pluggable, leafSpine: pluggable}
            environment: {cooling: liquid, coolantC: 35}
            """;

    private static AlternativeResult evaluate(String workloadLines) {
        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(List.of()))
                .parse(SCENARIO.formatted(workloadLines), "searched.yaml");
        Scenario s = file.scenario();
        AlternativeEvaluator ev = Evaluators.forScenario(file, List.of());
        return ev.evaluate(
                ScenarioVariant.of(s), s.alternatives().get(0), s.workloads().get(0));
    }

    @Test
    void theSearchedLayoutIsReportedReproducedAndNoSlowerThanAHandPickedOne() {
        AlternativeResult searched = evaluate("    search: true");
        String layout = searched.training().layout();
        // e.g. "tp 8 pp 4 dp 32 cp 1 ep 1 vpp 5 mbs 1 selective zero1"
        assertThat(layout).matches("tp \\d+ pp \\d+ dp \\d+ cp \\d+ ep \\d+ vpp \\d+ mbs \\d+ \\w+ \\w+");
        String[] f = layout.split(" ");
        int tp = Integer.parseInt(f[1]);
        int pp = Integer.parseInt(f[3]);
        int dp = Integer.parseInt(f[5]);
        int cp = Integer.parseInt(f[7]);
        assertThat((long) tp * pp * dp * cp).isEqualTo(1024);
        // the same layout written into the scenario gives the same step (80 layers split evenly on every pp x vpp
        // the search can reach on 1,024 GPUs, so no embedding/loss accounting is involved)
        AlternativeResult given = evaluate(String.format(
                "    tp: %s%n    pp: %s%n    dp: %s%n    cp: %s%n    ep: %s%n    vpp: %s%n    mbs: %s%n"
                        + "    recompute: %s%n    dpSharding: %s",
                f[1], f[3], f[5], f[7], f[9], f[11], f[13], f[14], f[15]));
        assertThat(given.training().layout()).isEmpty();
        assertThat(given.training().stepTimeS())
                .isCloseTo(
                        searched.training().stepTimeS(),
                        within(1e-9 * searched.training().stepTimeS()));
        // a common hand-picked layout is no faster than the searched one
        AlternativeResult hand =
                evaluate("    tp: 8\n    pp: 4\n    mbs: 1\n    recompute: selective\n    dpSharding: zero1");
        assertThat(hand.training().stepTimeS())
                .isGreaterThanOrEqualTo(searched.training().stepTimeS() * (1 - 1e-12));
        assertThat(searched.training().mfu()).isBetween(0.0, 1.0);
    }

    @Test
    void aDegreeGivenBesideSearchIsALocatedError() {
        assertThatThrownBy(() -> evaluate("    search: true\n    tp: 8"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("searched.yaml:")
                .hasMessageContaining("workloads[0].tp: search: true chooses tp per alternative (remove tp or set"
                        + " search: false)");
        assertThatThrownBy(() -> evaluate("    search: true\n    dropout: false"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("searched.yaml:")
                .hasMessageContaining("workloads[0].dropout: search: true assumes dropout on");
    }
}
