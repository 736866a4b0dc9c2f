package dev.nearlight.studio;

import dev.nearlight.manager.ManagerStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the studio. {@link #LOOPBACK}: no password, and only clients on the loopback interface (the server is
 * then bound to loopback too). {@link #accounts}: HTTP Basic against the fabric manager's accounts (same table,
 * bcrypt hashes, password policy and lockout, {@link ManagerStore#authenticate}); Administrator and Operator may start
 * and cancel runs and save catalogues, ReadOnly may look.
 */
public interface StudioAuth {
    /** Runs before every request: refuses it (401/403) unless the caller may use the studio. */
    void check(Context ctx);

    /** Refuses (403) unless the caller may change things (start or cancel runs, save catalogues). */
    void requireWrite(Context ctx);

    /** The caller's user name as recorded with runs. */
    String user(Context ctx);

    /** What the UI shows about the caller. */
    default Map<String, Object> whoami(Context ctx) {
        return Map.of("user", user(ctx), "mode", this == LOOPBACK ? "loopback" : "accounts");
    }

    /** No accounts: loopback clients only, all may write. */
    StudioAuth LOOPBACK = new StudioAuth() {
        @Override
        public void check(Context ctx) {
            try {
                if (!java.net.InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
                    throw new StudioException(403, "the studio runs without accounts and serves loopback clients only");
                }
            } catch (java.net.UnknownHostException e) {
                throw new StudioException(403, "unknown client address");
            }
        }

        @Override
        public void requireWrite(Context ctx) {}

        @Override
        public String user(Context ctx) {
            return "local";
        }
    };

    /** HTTP Basic against the fabric manager's accounts in {@code store}. */
    static StudioAuth accounts(ManagerStore store) {
        String account = "nearlight.studio.account";
        return new StudioAuth() {
            private Optional<ManagerStore.Account> login(Context ctx) {
                String h = ctx.header("Authorization");
                if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
                    return Optional.empty();
                }
                String decoded;
                try {
                    decoded =
                            new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    return Optional.empty();
                }
                return store.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
            }

            @Override
            public void check(Context ctx) {
                Optional<ManagerStore.Account> a = login(ctx);
                if (a.isEmpty()) {
                    ctx.header("WWW-Authenticate", "Basic realm=\"nearlight studio\", charset=\"UTF-8\"");
                    throw new StudioException(401, "log in with a fabric manager account (HTTP Basic)");
                }
                ctx.attribute(account, a.get());
            }

            @Override
            public void requireWrite(Context ctx) {
                ManagerStore.Account a = ctx.attribute(account);
                if (a == null || a.roleId().equals("ReadOnly")) {
                    throw new StudioException(403, "role ReadOnly may not change anything (ask for Operator)");
                }
            }

            @Override
            public String user(Context ctx) {
                ManagerStore.Account a = ctx.attribute(account);
                return a == null ? "?" : a.userName();
            }

            @Override
            public Map<String, Object> whoami(Context ctx) {
                ManagerStore.Account a = ctx.attribute(account);
                return Map.of("user", user(ctx), "mode", "accounts", "role", a == null ? "" : a.roleId());
            }
        };
    }
}
