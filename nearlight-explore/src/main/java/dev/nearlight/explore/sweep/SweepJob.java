package dev.nearlight.explore.sweep;

import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an engine needs to evaluate design points, in a form that can be shipped to other machines: the sweep's
 * texts and the contents of the {@code --catalogue} files (re-created as temporary files where the originals are not
 * reachable).
 *
 * @param source the sweep file's and base scenario's texts
 * @param catalogueNames the {@code --catalogue} files as given
 * @param catalogueTexts their contents, in the same order
 */
public record SweepJob(SweepSource source, List<String> catalogueNames, List<String> catalogueTexts)
        implements Serializable {
    /** Copies the lists. */
    public SweepJob {
        catalogueNames = List.copyOf(catalogueNames);
        catalogueTexts = List.copyOf(catalogueTexts);
        if (catalogueNames.size() != catalogueTexts.size()) {
            throw new IllegalArgumentException("one text per catalogue file");
        }
    }

    /** A job over a loaded sweep and the given catalogue files (read now). */
    public static SweepJob of(SweepFile sweep, List<Path> catalogues) {
        List<String> names = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path c : catalogues) {
            names.add(c.toString());
            try {
                texts.add(Files.readString(c, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InputException(
                        "--catalogue: cannot read " + c + ": " + e.getMessage() + " (check the path)", e);
            }
        }
        return new SweepJob(sweep.source(), names, texts);
    }

    /** The sweep, parsed again from its texts. */
    public SweepFile sweep() {
        return SweepLoader.parse(source);
    }

    /**
     * The catalogue files to load: the original paths when they still hold the same text (the local engine), else
     * temporary copies written from the shipped texts (executors on other machines).
     */
    public List<Path> cataloguePaths() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < catalogueNames.size(); i++) {
            Path p = Path.of(catalogueNames.get(i));
            try {
                if (Files.isRegularFile(p)
                        && Files.readString(p, StandardCharsets.UTF_8).equals(catalogueTexts.get(i))) {
                    out.add(p);
                    continue;
                }
                String name = p.getFileName() == null
                        ? "catalogue.yaml"
                        : p.getFileName().toString();
                Path dir = Files.createTempDirectory("nearlight-catalogue");
                Path copy = dir.resolve(name);
                Files.writeString(copy, catalogueTexts.get(i), StandardCharsets.UTF_8);
                copy.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                out.add(copy);
            } catch (IOException e) {
                throw new IllegalStateException("cannot stage catalogue " + p, e);
            }
        }
        return out;
    }
}
