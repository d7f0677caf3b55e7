package org.tacitgraph.neo4jserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j Community 5.26 for Tacit Graph's tests and local use.
 *
 * <p>Starts the embedded database in the data folder given on the command line, with its Bolt
 * connector on 127.0.0.1 (a free port unless one is given) and authentication on: the user
 * {@code neo4j} gets a generated password. When Bolt is up, the Bolt URL and the credentials
 * are written as JSON to the info file (only readable by the owner), then "ready" is printed.
 * SIGTERM (or Ctrl-C) shuts the database down cleanly and removes the info file.
 */
public final class Neo4jServer {
    private static final String USAGE =
            "usage: java -jar neo4j-server.jar --data DIR --info FILE [--port N] [--password P]"
                    + " [--page-cache-mb N]";

    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-server: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.data);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(options.data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(options.pageCacheMb))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(options.info);
                dbms.shutdown();
            } catch (IOException | RuntimeException e) {
                System.err.println("neo4j-server: shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-server-shutdown"));

        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", options.password));
        GraphDatabaseAPI neo4j = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int port = neo4j.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
        writeInfo(options.info, "bolt://127.0.0.1:" + port, "neo4j", options.password);
        System.out.println("ready bolt://127.0.0.1:" + port + " (credentials in " + options.info + ")");
        System.out.flush();
        stopped.await();
    }

    private static void writeInfo(Path info, String url, String user, String password) throws IOException {
        String json = "{\"url\": \"" + url + "\", \"user\": \"" + user + "\", \"password\": \""
                + password + "\", \"pid\": " + ProcessHandle.current().pid() + "}\n";
        Path parent = info.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, ".neo4j-server", ".json");
        Files.writeString(partial, json, StandardCharsets.UTF_8);
        Files.move(partial, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The command line. */
    private record Options(Path data, Path info, int port, String password, long pageCacheMb) {
        static Options parse(String[] args) {
            Path data = null;
            Path info = null;
            int port = 0;
            String password = null;
            long pageCacheMb = 64;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--data" -> data = Path.of(value);
                    case "--info" -> info = Path.of(value);
                    case "--port" -> port = number(name, value);
                    case "--password" -> password = value;
                    case "--page-cache-mb" -> pageCacheMb = number(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (data == null || info == null) {
                throw new IllegalArgumentException("--data and --info are required");
            }
            if (password == null) {
                password = generatedPassword();
            } else if (password.length() < 8 || !password.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException(
                        "--password needs at least 8 characters from A-Z a-z 0-9 _ . -");
            }
            return new Options(data, info, port, password, pageCacheMb);
        }

        private static int number(String name, String value) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < 0 || parsed > 65535) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " wants a number from 0 to 65535, not " + value);
            }
        }

        private static String generatedPassword() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
