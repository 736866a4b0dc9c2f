package dev.nearlight.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user input problem (unknown id, malformed file, non-physical value) that the CLI reports as one line with exit
 * code 2 and no stack trace. The message names the file, line or field and says how to fix it.
 *
 * <p>A model that rejects one of its own fields throws the structured form ({@link #of}): the field, the problem and a
 * fix written in the model's field names, {@code {tp}} for a field and {@code {precision bf16}} for a setting. The
 * message renders them as command-line options ({@link #CLI}); a scenario file renders the same exception in its own
 * keys ({@link #fix(Vocabulary)}), so no model's error leaks one front end's vocabulary into another's. The message
 * names the field as the option does, less its dashes ({@code dp-sharding: ...}).
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final Pattern REF = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)(?: ([^}]+))?}");

    /** How a front end names a model field and writes a setting of it. */
    public interface Vocabulary {
        /** The front end's name of {@code field}, e.g. {@code --dp-sharding} or {@code dpSharding}. */
        String name(String field);

        /** A setting of {@code field} to {@code value}, e.g. {@code --precision bf16} or {@code precision: bf16}. */
        String setting(String field, String value);
    }

    /** Command-line options: {@code dpSharding} is {@code --dp-sharding}, a setting {@code --dp-sharding zero3}. */
    public static final Vocabulary CLI = new Vocabulary() {
        @Override
        public String name(String field) {
            return "--" + kebab(field);
        }

        @Override
        public String setting(String field, String value) {
            return name(field) + " " + value;
        }
    };

    private final String field;
    private final String problem;
    private final String fixTemplate;

    public InputException(String message) {
        super(message, null, false, false);
        this.field = null;
        this.problem = message;
        this.fixTemplate = null;
    }

    public InputException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.field = null;
        this.problem = message;
        this.fixTemplate = null;
    }

    /** The structured form, for subclasses that carry more (see {@link #of}). */
    protected InputException(String field, String problem, String fixTemplate) {
        super(kebab(field) + ": " + problem + " (" + render(fixTemplate, CLI) + ")", null, false, false);
        this.field = field;
        this.problem = problem;
        this.fixTemplate = fixTemplate;
    }

    /**
     * A model's own field rejected: {@code field} in the model's name (camelCase), the {@code problem}, and a fix that
     * names fields as {@code {field}} and settings as {@code {field value}}.
     */
    public static InputException of(String field, String problem, String fixTemplate) {
        if (field == null || problem == null || fixTemplate == null) {
            throw new IllegalArgumentException("field, problem and fix are required");
        }
        return new InputException(field, problem, fixTemplate);
    }

    /** The model field at fault, or null for an unstructured message. */
    public String field() {
        return field;
    }

    /** The problem without the field and the fix (the whole message when unstructured). */
    public String problem() {
        return problem;
    }

    /** The fix in {@code vocabulary}'s names, or null for an unstructured message. */
    public String fix(Vocabulary vocabulary) {
        return fixTemplate == null ? null : render(fixTemplate, vocabulary);
    }

    /** {@code dpSharding} as {@code dp-sharding}: how the message names a field, as the option does less its dashes. */
    static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String render(String template, Vocabulary v) {
        Matcher m = REF.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String r = m.group(2) == null ? v.name(m.group(1)) : v.setting(m.group(1), m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
