package dev.nearlight.manager;

import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The one listening connector of the fabric manager and the studio: HTTPS only when a keystore is given (so a client
 * that speaks plain HTTP is refused at connect, never answered with credentials in the clear), plain HTTP otherwise.
 */
public final class Connectors {
    private Connectors() {}

    /** A connector on {@code host:port}; TLS from the PKCS#12 {@code keystore} when it is not null. */
    public static ServerConnector connector(
            Server server, HttpConfiguration http, String host, int port, Path keystore, String password) {
        ServerConnector c;
        if (keystore != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
            ssl.setKeyStorePassword(password);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false);
            https.addCustomizer(src);
            c = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(host);
        c.setPort(port);
        return c;
    }
}
