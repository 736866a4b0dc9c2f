package dev.nearlight.studio;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The studio's persistent state: run history (inputs, state, progress and results) and named catalogues. The database
 * is the fabric manager's (same URL conventions, its migrations run first, see {@link StudioAuth}); the studio's
 * tables have their own Flyway history {@value #HISTORY_TABLE} so the two schemas evolve independently.
 */
public final class StudioStore {
    /** Flyway history table of the studio's migrations ({@code classpath:db/studio}). */
    public static final String HISTORY_TABLE = "nearlight_studio_schema_history";

    /** Longest stored message (the column's width). */
    static final int MAX_MESSAGE = 2000;

    private final Jdbi jdbi;

    /**
     * One run as listed in the history.
     *
     * @param id run id
     * @param seq monotonically increasing number (history order)
     * @param kind {@code compare} or {@code sweep}
     * @param name scenario or sweep name
     * @param state queued, running, done, failed, cancelled or interrupted
     * @param catalogue named catalogue used, or null
     * @param createdBy user who started it ({@code local} on loopback)
     * @param createdAt ISO instant
     * @param finishedAt ISO instant or null
     * @param stepsDone evaluations finished
     * @param stepsTotal evaluations planned
     * @param message the located error of a failed run, or a note
     */
    public record Run(
            String id,
            long seq,
            String kind,
            String name,
            String state,
            String catalogue,
            String createdBy,
            String createdAt,
            String finishedAt,
            int stepsDone,
            int stepsTotal,
            String message) {
        /** Whether the run can no longer change. */
        public boolean finished() {
            return !state.equals("queued") && !state.equals("running");
        }
    }

    /**
     * A named catalogue override saved by a user.
     *
     * @param name its name
     * @param yaml the catalogue YAML (entries override the built-in catalogue by id)
     * @param createdAt ISO instant
     */
    public record NamedCatalogue(String name, String yaml, String createdAt) {}

    /** Opens (and migrates) the studio tables in the database at {@code jdbcUrl}; runs left running are interrupted. */
    public StudioStore(String jdbcUrl) {
        Flyway.configure()
                .dataSource(jdbcUrl, null, null)
                .locations("classpath:db/studio")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        this.jdbi = Jdbi.create(jdbcUrl);
        jdbi.useHandle(h -> h.execute(
                "UPDATE studio_run SET state = 'interrupted', finished_at = ?, message = ?"
                        + " WHERE state IN ('queued', 'running')",
                now(),
                "the studio stopped while this run was in progress; start it again"));
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Records a new queued run and returns it. */
    public synchronized Run create(String id, String kind, String name, String catalogue, String user, String input) {
        long seq = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM studio_run")
                .mapTo(Long.class)
                .one());
        String at = now();
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO studio_run (id, seq, kind, name, state, catalogue, created_by, created_at, steps_done,"
                        + " steps_total, input_text) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, 0, 0, ?)",
                id,
                seq,
                kind,
                trim(name, 255),
                catalogue,
                user,
                at,
                input));
        return run(id).orElseThrow();
    }

    /** Progress of a running run. */
    public void progress(String id, int done, int total) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE studio_run SET state = 'running', steps_done = ?, steps_total = ? WHERE id = ?",
                done,
                total,
                id));
    }

    /** A run that finished with results. */
    public void succeed(String id, String json, String csv, String html, String message) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE studio_run SET state = 'done', finished_at = ?, results_json = ?, results_csv = ?,"
                        + " report_html = ?, message = ?, steps_done = steps_total WHERE id = ?",
                now(),
                json,
                csv,
                html,
                message == null ? null : trim(message, MAX_MESSAGE),
                id));
    }

    /** A run that ended without results ({@code failed}, {@code cancelled}). */
    public void end(String id, String state, String message) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE studio_run SET state = ?, finished_at = ?, message = ? WHERE id = ?",
                state,
                now(),
                trim(message, MAX_MESSAGE),
                id));
    }

    /** Every run, newest first. */
    public List<Run> runs() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY seq DESC")
                .map((rs, ctx) -> run(rs))
                .list());
    }

    /** One run. */
    public Optional<Run> run(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> run(rs))
                .findOne());
    }

    /** A stored text column of a run: {@code input_text}, {@code results_json}, {@code results_csv}, {@code report_html}. */
    public Optional<String> text(String id, String column) {
        if (!List.of("input_text", "results_json", "results_csv", "report_html").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + column + " FROM studio_run WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    /** Saves (or replaces) a named catalogue. */
    public synchronized NamedCatalogue saveCatalogue(String name, String yaml) {
        String at = now();
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM studio_catalogue WHERE name = ?", name);
            h.execute("INSERT INTO studio_catalogue (name, yaml_text, created_at) VALUES (?, ?, ?)", name, yaml, at);
        });
        return new NamedCatalogue(name, yaml, at);
    }

    /** Every named catalogue, by name. */
    public List<NamedCatalogue> catalogues() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT name, yaml_text, created_at FROM studio_catalogue ORDER BY name")
                        .map((rs, ctx) -> new NamedCatalogue(rs.getString(1), rs.getString(2), rs.getString(3)))
                        .list());
    }

    /** One named catalogue. */
    public Optional<NamedCatalogue> catalogue(String name) {
        return catalogues().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Deletes a named catalogue; false if there was none. */
    public boolean deleteCatalogue(String name) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM studio_catalogue WHERE name = ?", name)) > 0;
    }

    private static final String SELECT = "SELECT id, seq, kind, name, state, catalogue, created_by, created_at,"
            + " finished_at, steps_done, steps_total, message FROM studio_run";

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getInt(10),
                rs.getInt(11),
                rs.getString(12));
    }

    private static String trim(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
