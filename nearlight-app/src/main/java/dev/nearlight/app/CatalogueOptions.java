package dev.nearlight.app;

import dev.nearlight.core.catalogue.Catalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The repeatable {@code --catalogue FILE} option shared by commands that read the catalogue. */
public final class CatalogueOptions {
    @Option(
            names = "--catalogue",
            paramLabel = "FILE",
            description = "Catalogue YAML that adds or overrides entries by id (repeatable; later files win).")
    List<Path> files = new ArrayList<>();

    /** The default catalogue plus the given files. */
    public Catalogue load() {
        return Catalogue.load(files);
    }
}
