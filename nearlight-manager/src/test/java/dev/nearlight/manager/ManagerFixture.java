package dev.nearlight.manager;

import java.nio.file.Path;
import java.time.Duration;

/** Starts an in-process manager on an ephemeral loopback port with an embedded H2 file in a temp directory. */
final class ManagerFixture {
    static final String ADMIN_PW = "admin-secret-42";

    private ManagerFixture() {}

    static String h2(Path dir) {
        return ManagerStore.h2Url(dir.resolve("manager").toAbsolutePath().toString());
    }

    static FabricManager start(String url) {
        return FabricManager.start(
                new FabricManager.Config(url, Inventory.demo(), "127.0.0.1", 0, null, null, Duration.ZERO, ADMIN_PW));
    }
}
