package dev.nearlight.manager;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Account security as DMTF's AccountService defines it: the password policy (length in UTF-8 bytes because bcrypt
 * reads at most 72, a deny-list, not the user name), lockout after {@link #LOCKOUT_THRESHOLD} failures within
 * {@link #COUNTER_RESET_S} seconds for {@link #LOCKOUT_DURATION_S} seconds, and a constant-time failure path: every
 * failed check (unknown user, wrong password, disabled, locked, over-long password) costs exactly one bcrypt at the
 * cost of a real hash, so response time does not reveal which user names exist.
 */
final class AccountPolicy {
    /** AccountService.MinPasswordLength (characters; each is at least one byte). */
    static final int MIN_PASSWORD = 8;
    /** AccountService.MaxPasswordLength: bcrypt uses the first 72 bytes only, so longer ones are refused. */
    static final int MAX_PASSWORD_BYTES = 72;
    /** AccountService.AccountLockoutThreshold. */
    static final int LOCKOUT_THRESHOLD = 5;
    /** AccountService.AccountLockoutDuration, seconds. */
    static final int LOCKOUT_DURATION_S = 60;
    /** AccountService.AccountLockoutCounterResetAfter, seconds. */
    static final int COUNTER_RESET_S = 60;
    /** bcrypt cost factor of stored hashes (and of the dummy hash, so both failure paths take the same time). */
    static final int BCRYPT_COST = 10;
    /** Longest user name (the account table's column). */
    static final int MAX_USER_NAME = 64;

    /**
     * Passwords refused whatever their length: the most common ones of the public breach lists (the top of the
     * SecLists "10k most common" list that are at least 8 characters), and trivial patterns checked separately.
     */
    private static final Set<String> DENY = Set.of(
            "password",
            "password1",
            "password123",
            "12345678",
            "123456789",
            "1234567890",
            "123123123",
            "11111111",
            "00000000",
            "87654321",
            "qwertyui",
            "qwertyuiop",
            "qwerty123",
            "1q2w3e4r",
            "1qaz2wsx",
            "abcd1234",
            "abcdefgh",
            "iloveyou",
            "sunshine",
            "princess",
            "football",
            "baseball",
            "welcome1",
            "trustno1",
            "superman",
            "starwars",
            "letmein1",
            "passw0rd",
            "p@ssw0rd",
            "administrator",
            "admin123",
            "admin1234",
            "changeme",
            "root1234",
            "calvin12",
            "nearlight");

    private static final String DUMMY_HASH =
            BCrypt.withDefaults().hashToString(BCRYPT_COST, "nearlight-dummy-password".toCharArray());

    /**
     * A user name's failed authentications: count since {@code firstMs}, or locked until {@code lockedUntilMs}.
     *
     * @param count failures counted
     * @param firstMs epoch ms of the first counted failure
     * @param lockedUntilMs epoch ms the lockout ends, 0 when not locked
     */
    record Failures(int count, long firstMs, long lockedUntilMs) {}

    /** Counters by the SHA-256 (hex) of the user name. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private final LongSupplier clockMs;
    private final java.util.function.BiConsumer<String, Failures> persist;

    /**
     * A policy.
     *
     * @param clockMs the clock (epoch ms)
     * @param persist called with a user-name digest and its new counter (null: removed), in the order the counters
     *     change, so lockout survives a restart
     */
    AccountPolicy(LongSupplier clockMs, java.util.function.BiConsumer<String, Failures> persist) {
        this.clockMs = clockMs;
        this.persist = persist;
    }

    /** A counter loaded from the database at start. */
    void restore(String digest, Failures f) {
        failures.put(digest, f);
    }

    static String digest(String userName) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(userName.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The guidance AccountService.PasswordGuidanceMessage shows. */
    static String guidance() {
        return "Use " + MIN_PASSWORD + " to " + MAX_PASSWORD_BYTES
                + " bytes (UTF-8), not only spaces or one or two repeated characters, not a common password and not the user name (or it reversed).";
    }

    /** Refuses a password that breaks the policy with 400 and the Base message that names the rule. */
    static void checkPassword(String userName, String password) {
        if (password == null) {
            throw new RedfishException(400, Messages.withProps("PropertyMissing", List.of("/Password"), "Password"));
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (password.length() < MIN_PASSWORD || bytes > MAX_PASSWORD_BYTES) {
            throw new RedfishException(
                    400,
                    Messages.withResolution(
                            Messages.withProps("PasswordIncorrectLength", List.of("/Password")), guidance()));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        boolean trivial = password.isBlank()
                || password.chars().distinct().count() <= 2
                || DENY.contains(lower)
                || (userName != null
                        && (lower.equals(userName.toLowerCase(Locale.ROOT))
                                || lower.equals(new StringBuilder(userName.toLowerCase(Locale.ROOT))
                                        .reverse()
                                        .toString())));
        if (trivial) {
            throw new RedfishException(
                    400,
                    Messages.withResolution(
                            Messages.withProps("PasswordComplexityNotMet", List.of("/Password")), guidance()));
        }
    }

    /** Refuses a user name that is not 1..64 of letters, digits, dot, underscore or hyphen. */
    static void checkUserName(String userName) {
        if (userName == null) {
            throw new RedfishException(400, Messages.withProps("PropertyMissing", List.of("/UserName"), "UserName"));
        }
        if (userName.length() > MAX_USER_NAME) {
            throw new RedfishException(
                    400,
                    Messages.withProps(
                            "StringValueTooLong",
                            List.of("/UserName"),
                            userName.substring(0, 16) + "...",
                            Integer.toString(MAX_USER_NAME)));
        }
        if (!userName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new RedfishException(
                    400, Messages.withProps("PropertyValueFormatError", List.of("/UserName"), userName, "UserName"));
        }
    }

    /** Whether a bcrypt check may run on this password at all (bcrypt refuses more than 72 bytes). */
    static boolean verifiable(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    /**
     * Verifies a password against a hash, or against the dummy hash when the account does not exist or the password
     * cannot be verified, so that every failure costs one bcrypt.
     */
    static boolean verify(String password, String hashOrNull) {
        if (hashOrNull == null || !verifiable(password)) {
            BCrypt.verifyer().verify("x".toCharArray(), DUMMY_HASH);
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hashOrNull).verified;
    }

    /** Whether the user name is locked out now. */
    boolean locked(String userName) {
        Failures f = failures.get(digest(userName));
        return f != null && f.lockedUntilMs() > clockMs.getAsLong();
    }

    /** Records a failed authentication for a user name (known or not, so lockout does not reveal existence). */
    void failed(String userName) {
        String key = digest(userName);
        // one writer at a time, so the stored counters change in the same order as these (failures are throttled
        // per client address at the edge, and each already cost a bcrypt)
        synchronized (failures) {
            long now = clockMs.getAsLong();
            if (failures.size() > 10_000) {
                List<String> stale = failures.entrySet().stream()
                        .filter(e -> e.getValue().lockedUntilMs() < now
                                && now - e.getValue().firstMs() > COUNTER_RESET_S * 1000L)
                        .map(Map.Entry::getKey)
                        .toList();
                stale.forEach(k -> {
                    failures.remove(k);
                    persist.accept(k, null);
                });
            }
            Failures f = failures.get(key);
            if (f != null && f.lockedUntilMs() > now) {
                return;
            }
            if (f == null || now - f.firstMs() > COUNTER_RESET_S * 1000L) {
                f = new Failures(0, now, 0);
            }
            int n = f.count() + 1;
            Failures next = n >= LOCKOUT_THRESHOLD
                    ? new Failures(0, now, now + LOCKOUT_DURATION_S * 1000L)
                    : new Failures(n, f.firstMs(), 0);
            failures.put(key, next);
            persist.accept(key, next);
        }
    }

    /** Clears the failure counter after a successful authentication or an administrator's unlock. */
    void reset(String userName) {
        String key = digest(userName);
        if (!failures.containsKey(key)) {
            return;
        }
        synchronized (failures) {
            if (failures.remove(key) != null) {
                persist.accept(key, null);
            }
        }
    }
}
