package dev.nearlight.manager;

import java.util.List;

/**
 * A request the service refuses, carried to the HTTP layer as a Redfish error response with
 * {@code @Message.ExtendedInfo}.
 */
public final class RedfishException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient List<Messages.Info> infos;

    /** Creates the exception with an HTTP status and one or more registry messages. */
    public RedfishException(int status, List<Messages.Info> infos) {
        super(infos.isEmpty() ? "error" : infos.get(0).message(), null, false, false);
        this.status = status;
        this.infos = List.copyOf(infos);
    }

    /** Creates the exception with one message. */
    public RedfishException(int status, Messages.Info info) {
        this(status, List.of(info));
    }

    /** HTTP status code. */
    public int status() {
        return status;
    }

    /**
     * Every message with its resolution, e.g. the per-constraint elimination counts of a NoResourceMatch, as one
     * line (what a failed task keeps).
     */
    public String detail() {
        StringBuilder b = new StringBuilder();
        for (Messages.Info i : infos) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(i.message());
            if (i.resolution() != null
                    && !i.resolution().isBlank()
                    && !i.resolution().equals("None.")) {
                b.append(' ').append(i.resolution());
            }
        }
        return b.toString();
    }

    /** The registry messages. */
    public List<Messages.Info> infos() {
        return infos;
    }
}
