package dev.nearlight.app;

import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioVocabulary;
import java.nio.file.Path;
import java.util.List;

/**
 * The single place where {@code nearlight compare} gets its models: the {@link AlternativeEvaluator} that runs an
 * alternative through the link, fabric, training, reliability and TCO models, and the ids a scenario may name.
 *
 * <p>MERGE SEAM: {@link #forScenario} is wired to the real models when the core, fabric and sim modules land; until
 * then it throws, and everything around it (scenario parsing, runner, reports) is exercised by tests with a fixture.
 */
public final class Evaluators {
    private Evaluators() {}

    /**
     * The evaluator for a loaded scenario.
     *
     * @param scenario the validated scenario, with field locations for located error messages ({@link
     *     ScenarioFile#problem})
     * @param catalogues extra catalogue files from {@code --catalogue}, in order (later files override by id)
     */
    public static AlternativeEvaluator forScenario(ScenarioFile scenario, List<Path> catalogues) {
        throw new IllegalStateException("not wired: the compare evaluator needs the link, fabric, training and"
                + " reliability models (dev.nearlight.app.Evaluators.forScenario)");
    }

    /**
     * The ids a scenario may name. At merge time this should list the loaded catalogue's accelerators and optics
     * technologies and the training presets; until then the ids the issues define.
     */
    public static ScenarioVocabulary vocabulary(List<Path> catalogues) {
        return ScenarioVocabulary.defaults();
    }
}
